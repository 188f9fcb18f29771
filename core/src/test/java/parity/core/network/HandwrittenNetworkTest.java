package parity.core.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import parity.api.Activation;
import parity.api.DType;
import parity.api.Fixture;
import parity.api.Loss;
import parity.api.LossOptions;
import parity.api.LossAndGradients;
import parity.api.Targets;
import parity.api.Tensor;
import parity.core.Nd4jTensors;
import parity.fixtures.BundledSuite;
import parity.fixtures.InvalidFixtureException;

/**
 * Core's forward pass and hand-written backprop.
 *
 * <p>On the seed post's network (3-4-5, sigmoid, softmax cross-entropy, λ = 0.5 on the weights only, inputs
 * [0, 2, 4] and [1, 3, 5], labels 3 and 4, W1 rows [1, 2, 3], b1 = 1, W2 = b2 = 2) every number is worked
 * out here in closed form: z1 = 17 and 23 in every unit, every logit of a sample equal, so the softmax is
 * uniform, the loss log 5 + 0.25·(56 + 80), and the gradient through the hidden layer 0 up to rounding;
 * in float64 they also match the numbers stack.md records from PyTorch, and in float32, where σ(17) and
 * σ(23) round to 1, db1 is exactly 0.
 *
 * <p>On small non-degenerate networks (two hidden layers, random weights, 3 samples, λ = 0.3) every
 * gradient element matches a central difference of the loss computed by core's own forward pass; and the
 * L2 term leaves the biases alone: dL/db does not move with λ, dL/dW moves by λ·W and the loss by
 * 0.5·λ·Σ‖W‖².
 */
class HandwrittenNetworkTest {

    private static final double U64 = 0x1p-53;
    private static final double U32 = 0x1p-24;

    /** The central difference's step: its truncation and rounding errors come to about 10⁻¹¹ on these networks. */
    private static final double STEP = 1e-5;

    /** Farther than this from a kink, no central difference of these networks crosses it. */
    private static final double KINK_MARGIN = 1e-3;

    @Test
    void seedForwardPassInClosedForm() throws InvalidFixtureException {
        LossAndGradients result = new HandwrittenNetwork(BundledSuite.load("seed-blog.json")).lossAndGradients();
        double s17 = sigmoid(17);
        double s23 = sigmoid(23);
        Map<String, Tensor> forward = result.forward();
        assertEquals(List.of("z1", "a1", "z2", "softmax"), List.copyOf(forward.keySet()));
        assertRows(forward.get("z1"), new double[] {17, 23}, 0);
        assertRows(forward.get("a1"), new double[] {s17, s23}, 4 * U64);
        assertRows(forward.get("z2"), new double[] {8 * s17 + 2, 8 * s23 + 2}, 4 * U64 * 10);
        assertRows(forward.get("softmax"), new double[] {0.2, 0.2}, 4 * U64);
    }

    /**
     * With δ2 = (softmax - onehot)/N, rows [0.1, 0.1, 0.1, -0.4, 0.1] and [0.1, 0.1, 0.1, 0.1, -0.4]:
     * dW2 = δ2ᵀ·a1 + 0.5·2 and db2 = Σ rows δ2. Back through W2, every unit gets 2·Σ_k δ2_ik = 0, so
     * dW1 = 0.5·W1 and db1 = 0, up to rounding: a sum of five terms of total magnitude 1.6 rounds to at most
     * 4u·1.6 ≈ 7·10⁻¹⁶, times σ'(17) ≈ 4.1·10⁻⁸, under 3·10⁻²³ per sample, so |db1| ≤ 10⁻²².
     */
    @Test
    void seedLossAndGradientsInClosedForm() throws InvalidFixtureException {
        LossAndGradients result = new HandwrittenNetwork(BundledSuite.load("seed-blog.json")).lossAndGradients();
        double s17 = sigmoid(17);
        double s23 = sigmoid(23);
        Map<String, Tensor> g = result.gradients();
        assertEquals(List.of("dW1", "db1", "dW2", "db2"), List.copyOf(g.keySet()));

        assertEquals(Math.log(5) + 34, result.loss(), 2 * Math.ulp(35.6));
        assertRowsEqual(new double[][] {{0.5, 1, 1.5}, {0.5, 1, 1.5}, {0.5, 1, 1.5}, {0.5, 1, 1.5}}, g.get("dW1"), 1e-15);
        for (double db1 : g.get("db1").data()) {
            assertTrue(Math.abs(db1) <= 1e-22, "db1 = " + db1);
        }
        double[] dW2 = {1 + 0.1 * (s17 + s23), 1 + 0.1 * (s17 + s23), 1 + 0.1 * (s17 + s23),
                1 - 0.4 * s17 + 0.1 * s23, 1 + 0.1 * s17 - 0.4 * s23};
        assertRows(g.get("dW2"), dW2, 1e-15);
        assertArrayEquals(new double[] {0.2, 0.2, 0.2, -0.3, -0.3}, g.get("db2").data(), 1e-15);

        // The same numbers as stack.md records them, from PyTorch's autograd.
        assertEquals(35.6094379124341, result.loss(), 2 * Math.ulp(35.6));
        assertRows(g.get("dW2"), new double[] {1.1999999958498007, 1.1999999958498007, 1.1999999958498007,
                0.7000000165494884, 0.69999999590111}, 1e-15);
    }

    /**
     * In float32, 1 + e^-17 rounds to 1, so a1 = σ(z1) is exactly 1 and σ'(z1) = a1(1 - a1) exactly 0: db1
     * is 0 and dW1 exactly 0.5·W1. Then z2 = 10, the softmax 0.2, dW2 rows 1 + 0.1 + 0.1 and 1 - 0.4 + 0.1.
     */
    @Test
    void seedInFloat32() throws InvalidFixtureException {
        LossAndGradients result = new HandwrittenNetwork(BundledSuite.load("seed-blog-float32.json")).lossAndGradients();
        assertRows(result.forward().get("a1"), new double[] {1, 1}, 0);
        Map<String, Tensor> g = result.gradients();
        assertArrayEquals(new double[4], g.get("db1").data());
        assertRowsEqual(new double[][] {{0.5, 1, 1.5}, {0.5, 1, 1.5}, {0.5, 1, 1.5}, {0.5, 1, 1.5}}, g.get("dW1"), 0);
        assertEquals(Math.log(5) + 34, result.loss(), 4 * U32 * 35.6);
        double[] dW2 = {1.2, 1.2, 1.2, 0.7, 0.7};
        for (int k = 0; k < dW2.length; k++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(dW2[k], g.get("dW2").get(k, j), 4 * U32 * dW2[k], "dW2[" + k + "][" + j + "]");
            }
        }
        double[] db2 = {0.2, 0.2, 0.2, -0.3, -0.3};
        for (int k = 0; k < db2.length; k++) {
            assertEquals(db2[k], g.get("db2").get(k), 4 * U32 * Math.abs(db2[k]), "db2[" + k + "]");
        }
    }

    /**
     * Every activation with every loss, so that a new one is tested here without a word changed; relu's and
     * leaky_relu's networks are checked to stay away from 0.
     */
    static Stream<Arguments> networks() {
        return Stream.of(Activation.BuiltIn.values())
                .flatMap(activation -> Stream.of(Loss.BuiltIn.values()).map(loss -> Arguments.of(activation, loss)));
    }

    /**
     * dJ/dθ for every element of every parameter against (J(θ + h) - J(θ - h)) / 2h, J from core's forward
     * pass and loss (the L2 term included), within 10⁻⁷ relative, 10⁻⁹ absolute for the FD's own error.
     */
    @ParameterizedTest
    @MethodSource("networks")
    void gradientsMatchCentralDifferencesOfTheLoss(Activation.BuiltIn activation, Loss.BuiltIn loss) {
        assertGradientsMatchCentralDifferences(randomNetwork(activation, loss, 0.3));
    }

    /** Format 1.2: another activation in each hidden layer, and a bias in the middle layer only. */
    @ParameterizedTest
    @MethodSource("networks")
    void perLayerActivationsAndMissingBiasesMatchCentralDifferences(Activation.BuiltIn activation, Loss.BuiltIn loss) {
        Fixture uniform = randomNetwork(activation, loss, 0.3);
        Map<String, Tensor> params = new LinkedHashMap<>(uniform.params());
        params.remove(Fixture.biasName(1));
        params.remove(Fixture.biasName(3));
        Activation other = activation == Activation.BuiltIn.TANH ? Activation.BuiltIn.SIGMOID : Activation.BuiltIn.TANH;
        assertGradientsMatchCentralDifferences(new Fixture(uniform.source(), uniform.name() + " per layer", "",
                uniform.dtype(), uniform.layers(), List.of(activation, other), new boolean[] {false, true, false},
                loss, uniform.lossOptions(), uniform.l2(), uniform.inputs(), uniform.targets(), params, uniform.tolerance(), null, null));
    }

    static Stream<LossOptions> crossEntropyOptions() {
        double[] weights = {0.5, 2.0};
        return Stream.of(new LossOptions(1, null, LossOptions.Reduction.MEAN, 0.2, null),
                new LossOptions(1, null, LossOptions.Reduction.MEAN, 0, weights),
                new LossOptions(1, null, LossOptions.Reduction.MEAN, 0.3, weights));
    }

    /** Format 1.2: cross-entropy with label smoothing, class weights, and both, on a tanh network. */
    @ParameterizedTest
    @MethodSource("crossEntropyOptions")
    void crossEntropyOptionsMatchCentralDifferences(LossOptions options) {
        Fixture plain = randomNetwork(Activation.BuiltIn.TANH, Loss.BuiltIn.SOFTMAX_CROSS_ENTROPY, 0.3);
        assertGradientsMatchCentralDifferences(plain.copy().loss(plain.loss(), options).build());
    }

    private static void assertGradientsMatchCentralDifferences(Fixture fixture) {
        HandwrittenNetwork network = new HandwrittenNetwork(fixture);
        Map<String, INDArray> params = network.initialParameters();
        ForwardPass pass = network.forward(params);
        for (int l = 1; l < fixture.depth(); l++) {
            for (double z : values(pass.z(l))) {
                for (double kink : fixture.activation(l).kinks()) {
                    assertTrue(Math.abs(z - kink) > KINK_MARGIN, "z" + l + " = " + z + " is near the kink " + kink);
                }
            }
        }
        Map<String, INDArray> gradients = network.backward(pass, params);
        for (String name : fixture.parameterNames()) {
            double[] analytic = values(gradients.get(Fixture.gradientName(name)));
            double[] theta = values(params.get(name));
            for (int e = 0; e < theta.length; e++) {
                double above = theta[e] + STEP;
                double below = theta[e] - STEP;
                double difference = (loss(network, params, name, e, above) - loss(network, params, name, e, below))
                        / (above - below);
                assertEquals(difference, analytic[e], 1e-7 * Math.abs(difference) + 1e-9,
                        fixture.name() + ": d" + name + "[" + e + "]");
            }
        }
    }

    /** The same network with λ = 0 and λ = 0.7: db is the same to the bit, dW and J move by the L2 term's own. */
    @Test
    void biasesAreNotRegularised() {
        Fixture plain = randomNetwork(Activation.BuiltIn.TANH, Loss.BuiltIn.MSE, 0);
        Fixture regularised = randomNetwork(Activation.BuiltIn.TANH, Loss.BuiltIn.MSE, 0.7);
        LossAndGradients without = new HandwrittenNetwork(plain).lossAndGradients();
        LossAndGradients with = new HandwrittenNetwork(regularised).lossAndGradients();
        double squaredNorms = 0;
        for (int l = 1; l <= plain.depth(); l++) {
            Tensor weight = plain.weight(l);
            String dW = Fixture.gradientName(Fixture.weightName(l));
            String db = Fixture.gradientName(Fixture.biasName(l));
            assertArrayEquals(without.gradients().get(db).data(), with.gradients().get(db).data(), db);
            double[] moved = with.gradients().get(dW).data();
            double[] unmoved = without.gradients().get(dW).data();
            for (int e = 0; e < weight.size(); e++) {
                assertEquals(0.7 * weight.get(e), moved[e] - unmoved[e], 1e-14, dW + "[" + e + "]");
                squaredNorms += weight.get(e) * weight.get(e);
            }
        }
        assertEquals(0.5 * 0.7 * squaredNorms, with.loss() - without.loss(), 1e-14);
    }

    /**
     * Layers 3-4-3-2, float64: inputs, weights and biases N(0, 0.8²) from a fixed seed, the same for every
     * activation and λ; MSE targets N(0, 0.8²), class labels 1, 0, 1.
     */
    private static Fixture randomNetwork(Activation.BuiltIn activation, Loss.BuiltIn loss, double l2) {
        Random random = new Random(19);
        int[] layers = {3, 4, 3, 2};
        Map<String, Tensor> params = new LinkedHashMap<>();
        for (int l = 1; l < layers.length; l++) {
            params.put(Fixture.weightName(l), gaussian(random, layers[l], layers[l - 1]));
            params.put(Fixture.biasName(l), Tensor.vector(gaussian(random, 1, layers[l]).data()));
        }
        Tensor inputs = gaussian(random, 3, layers[0]);
        Targets targets = switch (loss) {
            case SOFTMAX_CROSS_ENTROPY -> new Targets.ClassLabels(new int[] {1, 0, 1});
            case MSE, HUBER, L1 -> new Targets.Values(gaussian(random, 3, layers[layers.length - 1]));
            case BCE_WITH_LOGITS -> new Targets.Values(probabilities(gaussian(random, 3, layers[layers.length - 1])));
        };
        return new Fixture("HandwrittenNetworkTest", "random " + activation + " " + loss.jsonName(), "", DType.FLOAT64,
                layers, activation, loss, l2, inputs, targets, params, DType.FLOAT64.defaultTolerance(), null, null);
    }

    /** σ of each value: soft labels in (0, 1). */
    private static Tensor probabilities(Tensor values) {
        double[] p = values.data();
        for (int i = 0; i < p.length; i++) {
            p[i] = 1 / (1 + Math.exp(-p[i]));
        }
        return new Tensor(values.shape(), p);
    }

    private static Tensor gaussian(Random random, int rows, int columns) {
        double[][] values = new double[rows][columns];
        for (double[] row : values) {
            for (int c = 0; c < columns; c++) {
                row[c] = 0.8 * random.nextGaussian();
            }
        }
        return Tensor.matrix(values);
    }

    /** J with element e of one parameter set to {@code value}, on a copy: the other parameters as they are. */
    private static double loss(HandwrittenNetwork network, Map<String, INDArray> params, String name, int e, double value) {
        Map<String, INDArray> moved = new LinkedHashMap<>(params);
        INDArray parameter = params.get(name).dup();
        parameter.putScalar(e, value);
        moved.put(name, parameter);
        return network.loss(network.forward(moved), moved);
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private static double[] values(INDArray array) {
        return Nd4jTensors.toTensor(array).data();
    }

    /** Every element of row i is {@code rows[i]}. */
    private static void assertRows(Tensor matrix, double[] rows, double tolerance) {
        double[][] actual = matrix.rows();
        assertEquals(rows.length, actual.length, "rows");
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < actual[i].length; j++) {
                assertEquals(rows[i], actual[i][j], tolerance, "[" + i + "][" + j + "]");
            }
        }
    }

    private static void assertRowsEqual(double[][] expected, Tensor matrix, double tolerance) {
        double[][] actual = matrix.rows();
        assertEquals(expected.length, actual.length, "rows");
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual[i], tolerance, "row " + i);
        }
    }
}
