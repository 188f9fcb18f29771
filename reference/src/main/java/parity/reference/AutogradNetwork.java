package parity.reference;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import parity.fixtures.DType;
import parity.fixtures.Fixture;
import parity.fixtures.LossAndGradients;
import parity.fixtures.Targets;
import parity.fixtures.Tensor;

/**
 * The fixture's network on PyTorch (libtorch through DJL), differentiated by autograd: no derivative
 * here is written by hand.
 *
 * <pre>
 * z_l = a_{l-1} · W_lᵀ + b_l,  a_l = f(z_l) for l &lt; L
 * softmax_cross_entropy: data = -mean_i gather(log_softmax(z_L, 1), y)_i     (torch's nll_loss)
 * mse:                   data = mean((z_L - t)²)                              (torch's mse_loss)
 * J = data + 0.5·λ·Σ_l sum(W_l²)     (added explicitly: no optimiser weight decay, biases excluded)
 * </pre>
 * Every call builds fresh parameter arrays, since libtorch accumulates gradients across collectors,
 * and closes its {@link NDManager}, since native memory is not garbage-collected.
 */
public final class AutogradNetwork {

    static {
        // Without this DJL's engine start makes telemetry connections; the gate runs offline.
        System.setProperty("ai.djl.offline", "true");
    }

    private static final String ENGINE = "PyTorch";

    private final Fixture fixture;

    public AutogradNetwork(Fixture fixture) {
        this.fixture = fixture;
    }

    public LossAndGradients lossAndGradients() {
        return lossAndGradients(fixture.params());
    }

    /** Loss and gradients at the given parameters (keyed W1, b1, …), on the fixture's data. */
    public LossAndGradients lossAndGradients(Map<String, Tensor> paramValues) {
        Engine engine = Engine.getEngine(ENGINE);
        DataType dataType = fixture.dtype() == DType.FLOAT32 ? DataType.FLOAT32 : DataType.FLOAT64;
        try (NDManager manager = engine.newBaseManager()) {
            Map<String, NDArray> params = new LinkedHashMap<>();
            for (String name : fixture.parameterNames()) {
                NDArray param = toArray(manager, paramValues.get(name), dataType);
                param.setRequiresGradient(true);
                params.put(name, param);
            }
            NDArray loss;
            try (GradientCollector collector = engine.newGradientCollector()) {
                loss = totalLoss(manager, params, dataType);
                collector.backward(loss);
            }
            Map<String, Tensor> gradients = new LinkedHashMap<>();
            params.forEach((name, param) -> gradients.put(Fixture.gradientName(name), toTensor(param.getGradient())));
            return new LossAndGradients(scalar(loss), gradients);
        }
    }

    private NDArray totalLoss(NDManager manager, Map<String, NDArray> params, DataType dataType) {
        NDArray a = toArray(manager, fixture.inputs(), dataType);
        int depth = fixture.depth();
        NDArray penalty = manager.zeros(new Shape(), dataType);
        for (int l = 1; l <= depth; l++) {
            NDArray weight = params.get(Fixture.weightName(l));
            NDArray z = a.matMul(weight.transpose()).add(params.get(Fixture.biasName(l)));
            a = l < depth ? activate(z) : z;
            penalty = penalty.add(weight.square().sum());
        }
        return dataLoss(manager, a, dataType).add(penalty.mul(0.5 * fixture.l2()));
    }

    private NDArray activate(NDArray z) {
        return switch (fixture.activation()) {
            case SIGMOID -> Activation.sigmoid(z);
            case TANH -> Activation.tanh(z);
            case RELU -> Activation.relu(z);
        };
    }

    private NDArray dataLoss(NDManager manager, NDArray output, DataType dataType) {
        if (fixture.targets() instanceof Targets.ClassLabels labels) {
            int[] classes = labels.labels();
            long[] indices = new long[classes.length];
            for (int i = 0; i < classes.length; i++) {
                indices[i] = classes[i];
            }
            NDArray picked = output.logSoftmax(1).gather(manager.create(indices, new Shape(indices.length, 1)), 1);
            return picked.mean().neg();
        }
        NDArray targets = toArray(manager, ((Targets.Values) fixture.targets()).values(), dataType);
        return output.sub(targets).square().mean();
    }

    private static NDArray toArray(NDManager manager, Tensor tensor, DataType dataType) {
        long[] shape = java.util.Arrays.stream(tensor.shape()).asLongStream().toArray();
        return manager.create(tensor.data(), new Shape(shape)).toType(dataType, false);
    }

    private static Tensor toTensor(NDArray array) {
        int[] shape = java.util.Arrays.stream(array.getShape().getShape()).mapToInt(Math::toIntExact).toArray();
        return new Tensor(shape, array.toType(DataType.FLOAT64, false).toDoubleArray());
    }

    private static double scalar(NDArray array) {
        return array.toType(DataType.FLOAT64, false).toDoubleArray()[0];
    }
}
