package parity.reference;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import parity.api.Activation;
import parity.api.Targets;

/**
 * A reference forward whose backward reads memory that a garbage collection frees fails now and then
 * at random; this is what made leaky-relu-mse-sgd FAIL in the soak. The built-ins must not, and a
 * user's forward that does is refused when made into a {@link TorchActivation}.
 */
class FreedMemoryCheckTest {

    /** leaky_relu as it was: the slope a Java number, which DJL frees while autograd still needs it. */
    private static final UnaryOperator<NDArray> LEAKY_RELU_AS_IT_WAS = z -> NDArrays.where(z.gt(0), z, z.mul(0.01));

    @ParameterizedTest
    @EnumSource(Activation.BuiltIn.class)
    void everyBuiltInForwardGivesTheSameGradientAcrossACollection(Activation.BuiltIn activation) {
        assertDoesNotThrow(() -> FreedMemoryCheck.require(activation.jsonName(), FreedMemoryCheck.PROBE,
                z -> ReferenceActivations.apply(activation, List.of(), z)));
    }

    /** Three times over, so that a check that only sometimes sees the freed memory would show here. */
    @Test
    void theOldLeakyReluIsCaughtEveryTime() {
        for (int attempt = 1; attempt <= 3; attempt++) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> FreedMemoryCheck.require("activation \"leaky_relu\"", FreedMemoryCheck.PROBE,
                            LEAKY_RELU_AS_IT_WAS), "attempt " + attempt);
            assertTrue(refused.getMessage().startsWith("the reference forward of activation \"leaky_relu\" gives "
                    + "another gradient when the JVM collects garbage between the forward and the backward"),
                    refused.getMessage());
        }
    }

    @Test
    void ofRefusesAForwardThatPassesAJavaNumberAndTakesTheSameWithATensor() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () ->
                TorchActivation.of("half_test", z -> 0.5 * z, z -> z.mul(0.5)));
        assertTrue(refused.getMessage().endsWith("make the constant with z.getManager().create(0.01)"),
                refused.getMessage());

        TorchActivation half = TorchActivation.of("half_test", z -> 0.5 * z, z -> z.mul(z.getManager().create(0.5)));
        assertEquals("half_test", half.activation().jsonName());
        assertEquals(-1.0, half.activation().apply(-2));
    }

    /** A loss's forward is checked the same way, on class indices or on a matrix of targets. */
    @Test
    void aLossIsCheckedAsAnActivationIs() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> TorchLoss.of(
                "half_square_test", Targets.Kind.VALUES, (z, t) -> 0, (z, t) -> z.sub(t).square().mul(0.5).mean()));
        assertTrue(refused.getMessage().startsWith("the reference forward of loss \"half_square_test\" gives another "
                + "gradient when the JVM collects garbage between the forward and the backward"), refused.getMessage());

        TorchLoss halfSquare = TorchLoss.of("half_square_test", Targets.Kind.VALUES, (z, t) -> 0,
                (z, t) -> z.sub(t).square().mul(z.getManager().create(0.5)).mean());
        assertEquals("half_square_test", halfSquare.name());
        TorchLoss nll = TorchLoss.of("nll_test", Targets.Kind.CLASS_LABELS, (z, t) -> 0,
                (z, t) -> z.logSoftmax(1).gather(t.reshape(-1, 1), 1).mean().neg());
        assertEquals(Targets.Kind.CLASS_LABELS, nll.loss().targetKind());
    }
}
