package parity.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A declaration lets through exactly what it names, and says what else a fixture asks for. */
class SupportsTest {

    private static final Supports MLP = Supports.float64().activations("sigmoid", "tanh").losses("mse");

    @Test
    void aFixtureOfDeclaredPartsPasses() {
        assertNull(MLP.refusal(fixture(DType.FLOAT64, List.of(Activation.BuiltIn.TANH), true, Loss.BuiltIn.MSE,
                LossOptions.DEFAULTS)));
        assertTrue(MLP.test(fixture(DType.FLOAT64, List.of(Activation.BuiltIn.SIGMOID, Activation.BuiltIn.SIGMOID),
                true, Loss.BuiltIn.MSE, LossOptions.DEFAULTS)), "the same activation listed per layer");
    }

    @Test
    void eachUndeclaredPartIsRefusedByName() {
        assertEquals("dtype float32 is not declared", MLP.refusal(fixture(DType.FLOAT32,
                List.of(Activation.BuiltIn.TANH), true, Loss.BuiltIn.MSE, LossOptions.DEFAULTS)));
        assertEquals("activation leaky_relu in layer 1 is not declared", MLP.refusal(fixture(DType.FLOAT64,
                List.of(Activation.BuiltIn.LEAKY_RELU), true, Loss.BuiltIn.MSE, LossOptions.DEFAULTS)));
        assertEquals("an activation per layer is not declared", MLP.refusal(fixture(DType.FLOAT64,
                List.of(Activation.BuiltIn.TANH, Activation.BuiltIn.SIGMOID), true, Loss.BuiltIn.MSE, LossOptions.DEFAULTS)));
        assertEquals("layers without bias are not declared", MLP.refusal(fixture(DType.FLOAT64,
                List.of(Activation.BuiltIn.TANH), false, Loss.BuiltIn.MSE, LossOptions.DEFAULTS)));
        assertEquals("loss l1 is not declared", MLP.refusal(fixture(DType.FLOAT64,
                List.of(Activation.BuiltIn.TANH), true, Loss.BuiltIn.L1, LossOptions.DEFAULTS)));
        LossOptions sum = new LossOptions(1, null, LossOptions.Reduction.SUM, 0, null);
        assertEquals("loss options are not declared", MLP.refusal(fixture(DType.FLOAT64,
                List.of(Activation.BuiltIn.TANH), true, Loss.BuiltIn.MSE, sum)));
        assertFalse(Supports.float64().losses("mse").test(fixture(DType.FLOAT64, List.of(Activation.BuiltIn.TANH),
                true, Loss.BuiltIn.MSE, LossOptions.DEFAULTS)), "no activation declared: no hidden layer");
    }

    @Test
    void whatIsAllowedLetsItThrough() {
        Supports all = MLP.perLayerActivations().layersWithoutBias().lossOptions().activations("relu")
                .losses("l1");
        LossOptions sum = new LossOptions(1, null, LossOptions.Reduction.SUM, 0, null);
        assertNull(all.refusal(fixture(DType.FLOAT64, List.of(Activation.BuiltIn.RELU, Activation.BuiltIn.SIGMOID),
                false, Loss.BuiltIn.MSE, sum)));
        assertTrue(all.test(fixture(DType.FLOAT64, List.of(Activation.BuiltIn.TANH, Activation.BuiltIn.TANH),
                true, Loss.BuiltIn.L1, LossOptions.DEFAULTS)));
        assertFalse(MLP.test(fixture(DType.FLOAT64, List.of(Activation.BuiltIn.RELU), true, Loss.BuiltIn.MSE,
                LossOptions.DEFAULTS)), "declaring more on a copy leaves the original as it was");
    }

    /** A 2-… network with one hidden layer per activation given, every value 0.5. */
    private static Fixture fixture(DType dtype, List<Activation> activations, boolean bias, Loss loss,
            LossOptions options) {
        int[] layers = new int[activations.size() + 2];
        java.util.Arrays.fill(layers, 2);
        boolean[] biases = new boolean[layers.length - 1];
        java.util.Arrays.fill(biases, bias);
        Map<String, Tensor> params = new LinkedHashMap<>();
        for (int l = 1; l < layers.length; l++) {
            params.put(Fixture.weightName(l), Tensor.matrix(new double[][] {{0.5, 0.5}, {0.5, 0.5}}));
            if (bias) {
                params.put(Fixture.biasName(l), Tensor.vector(0.5, 0.5));
            }
        }
        return new Fixture("test", "test", "", dtype, layers, activations, biases, loss, options, 0,
                Tensor.matrix(new double[][] {{0.5, 0.5}}), new Targets.Values(Tensor.matrix(new double[][] {{0.5, 0.5}})),
                params, dtype.defaultTolerance(), null, null);
    }
}
