package parity.dl4j;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import parity.api.DType;
import parity.api.Fixture;

/**
 * DL4J's own gradient check, {@code GradientCheckUtil.checkGradients}, on a fixture's network as {@code dl4j} builds
 * it, with the settings of DL4J's own tests: ε = 1e-6, max relative error 1e-3, min absolute error 1e-8. Per
 * parameter, {@code numeric = (score(θ + ε) - score(θ - ε)) / 2ε} and {@code rel = |g - numeric| / (|g| + |numeric|)};
 * it fails where rel &gt; 1e-3 and |g - numeric| ≥ 1e-8. It first sets LossMCXENT's clipping to 0.
 *
 * <p>{@code checkGradients} answers with a boolean and logs the rest; the count of failing parameters and the
 * largest relative error are recomputed here by the same formula on the same network, right after it, so that a
 * report can give them.
 *
 * @param passed what {@code GradientCheckUtil.checkGradients} returned
 * @param failures the parameters out of its bounds
 * @param parameters how many were checked (all)
 * @param largestRelativeError the greatest rel over all parameters
 */
public record OwnGradientCheck(boolean passed, int failures, long parameters, double largestRelativeError) {

    static final double EPSILON = 1e-6;
    static final double MAX_REL_ERROR = 1e-3;
    static final double MIN_ABS_ERROR = 1e-8;

    /** GradientCheckUtil on a float64 fixture that dl4j supports. */
    public static OwnGradientCheck of(Fixture fixture) {
        if (fixture.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException("GradientCheckUtil checks float64 networks only: " + fixture.name());
        }
        DataType defaultType = Nd4j.dataType();
        DataType defaultFloat = Nd4j.defaultFloatingPointType();
        // checkGradients refuses to run unless ND4J's default type is double; restored after.
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            MultiLayerNetwork network = new Dl4jNetworks().network(fixture);
            INDArray inputs = Dl4jArrays.inputs(fixture);
            INDArray labels = Dl4jArrays.labels(fixture);
            boolean passed = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(network)
                    .input(inputs).labels(labels).epsilon(EPSILON).maxRelError(MAX_REL_ERROR)
                    .minAbsoluteError(MIN_ABS_ERROR).print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
            return recount(passed, network, fixture, new DataSet(inputs, labels));
        } finally {
            Nd4j.setDefaultDataTypes(defaultType, defaultFloat);
        }
    }

    /** The same loop as checkGradients', on the same network (its clipping already off), counting. */
    private static OwnGradientCheck recount(boolean passed, MultiLayerNetwork network, Fixture fixture, DataSet data) {
        GradientPass.of(network, fixture);
        INDArray gradient = network.gradient().gradient().dup();
        INDArray params = network.params();
        int failures = 0;
        double largest = 0;
        for (long i = 0; i < params.length(); i++) {
            double original = params.getDouble(i);
            params.putScalar(i, original + EPSILON);
            double plus = network.score(data, true);
            params.putScalar(i, original - EPSILON);
            double minus = network.score(data, true);
            params.putScalar(i, original);
            double numeric = (plus - minus) / (2 * EPSILON);
            double backprop = gradient.getDouble(i);
            double rel = backprop == 0 && numeric == 0 ? 0 : Math.abs(backprop - numeric) / (Math.abs(backprop) + Math.abs(numeric));
            largest = Math.max(largest, rel);
            if ((rel > MAX_REL_ERROR || Double.isNaN(rel)) && Math.abs(backprop - numeric) >= MIN_ABS_ERROR) {
                failures++;
            }
        }
        return new OwnGradientCheck(passed, failures, params.length(), largest);
    }
}
