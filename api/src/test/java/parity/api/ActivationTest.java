package parity.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ActivationTest {

    @Test
    void builtInsAreTorchsDefinitions() {
        assertEquals(0.5, Activation.BuiltIn.SIGMOID.apply(0));
        assertEquals(-0.01 * 3, Activation.BuiltIn.LEAKY_RELU.apply(-3));
        assertEquals(0.0, Activation.BuiltIn.LEAKY_RELU.apply(0));
        assertEquals(25.0, Activation.BuiltIn.SOFTPLUS.apply(25), "above the threshold softplus is z itself");
        assertEquals(Math.log1p(Math.exp(20)), Activation.BuiltIn.SOFTPLUS.apply(20), "at the threshold it is not");
        assertEquals(4.248354255291589e-18, Activation.BuiltIn.SOFTPLUS.apply(-40), 1e-30);
    }

    @Test
    void piecesCountTheKinksBelow() {
        assertArrayEquals(new double[] {0}, Activation.BuiltIn.RELU.kinks());
        assertEquals(0, Activation.BuiltIn.RELU.piece(0), "the kink itself is on the lower piece: relu'(0) = 0");
        assertEquals(1, Activation.BuiltIn.RELU.piece(Double.MIN_VALUE));
        assertEquals(0, Activation.BuiltIn.SOFTPLUS.piece(20));
        assertEquals(1, Activation.BuiltIn.SOFTPLUS.piece(20.000001));
        assertEquals(0, Activation.BuiltIn.TANH.piece(1e9), "a smooth function has one piece");
    }

    @Test
    void aBuiltInCannotBeReplaced() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Activation.Custom("relu", z -> z, new double[0]));
        assertEquals("activation \"relu\" is built in and cannot be replaced", e.getMessage());
    }

    @Test
    void aCustomActivationKeepsItsKinksInOrder() {
        Activation.Custom clipped = new Activation.Custom("clip", z -> Math.max(-1, Math.min(1, z)), new double[] {1, -1});
        assertArrayEquals(new double[] {-1, 1}, clipped.kinks());
        assertEquals(1, clipped.piece(0));
        assertEquals("clip", clipped.jsonName());
    }

    @Test
    void aNameMustBeWritableInAFixture() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Activation.Custom("Swish!", z -> z, new double[0]));
        assertEquals("activation name \"Swish!\": use lower-case letters, digits and underscores, starting with a letter",
                e.getMessage());
    }
}
