package parity.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import parity.fixtures.Tensor;
import parity.fixtures.Tolerance;

class FailureMessageTest {

    private static final Tolerance TOLERANCE = new Tolerance(1e-7, 1e-7);

    @Test
    void outOfTolerance() {
        TensorDiff diff = TensorDiff.of("dW1",
                Tensor.matrix(new double[][] {{1, 2.5}, {0.001, 4}}),
                Tensor.matrix(new double[][] {{1, 2}, {0, 4}}),
                TOLERANCE);
        FixtureComparison comparison = Stub.comparison("demo", diff);
        assertEquals("""
                demo: dW1: 2 / 4 elements out of tolerance
                  greatest absolute difference 0.5 at [0][1]: core 2.5, reference 2.0
                  greatest relative difference Infinity at [1][0]: core 0.001, reference 0.0
                  allowed |a - b| <= atol + rtol * |b| with rtol 1.0E-7, atol 1.0E-7; \
                a = core (hand-written backprop on ND4J), b = reference (PyTorch autograd via DJL)
                  smallest rtol that would pass at atol 1.0E-7: none
                  first divergence: dW1 (layer 1, backward); forward pass not compared""",
                FailureMessage.tensor(comparison, comparison.primary(), diff));
    }

    @Test
    void showsTheSmallestRtolThatWouldPass() {
        TensorDiff diff = TensorDiff.of("db2", Tensor.vector(0.4, 0.2), Tensor.vector(0.2, 0.2), TOLERANCE);
        assertEquals("""
                demo: db2: 1 / 2 elements out of tolerance
                  greatest absolute difference 0.2 at [0]: core 0.4, reference 0.2
                  greatest relative difference 1.0 at [0]: core 0.4, reference 0.2
                  allowed |a - b| <= atol + rtol * |b| with rtol 1.0E-7, atol 1.0E-7; \
                a = core (hand-written backprop on ND4J), b = reference (PyTorch autograd via DJL)
                  smallest rtol that would pass at atol 1.0E-7: 0.9999995
                  first divergence: db2 (layer 2, backward); forward pass not compared""",
                message(diff));
    }

    @Test
    void scalarLossHasNoIndex() {
        TensorDiff diff = TensorDiff.of("loss", Tensor.scalar(3), Tensor.scalar(2), TOLERANCE);
        assertEquals("""
                demo: loss: 1 / 1 elements out of tolerance
                  greatest absolute difference 1.0: core 3.0, reference 2.0
                  greatest relative difference 0.5: core 3.0, reference 2.0
                  allowed |a - b| <= atol + rtol * |b| with rtol 1.0E-7, atol 1.0E-7; \
                a = core (hand-written backprop on ND4J), b = reference (PyTorch autograd via DJL)
                  smallest rtol that would pass at atol 1.0E-7: 0.49999995
                  first divergence: loss; forward pass not compared""",
                message(diff));
    }

    @Test
    void shapeMismatch() {
        TensorDiff diff = TensorDiff.of("dW2", new Tensor(new int[] {3, 2}, new double[6]),
                new Tensor(new int[] {2, 3}, new double[6]), TOLERANCE);
        assertEquals("demo: dW2: shape 3×2 from core, 2×3 from reference\n"
                + "  first divergence: dW2 (layer 2, backward); forward pass not compared", message(diff));
    }

    @Test
    void fixtureMessageJoinsTheFailingTensorsOnly() {
        TensorDiff pass = TensorDiff.of("loss", Tensor.scalar(1), Tensor.scalar(1), TOLERANCE);
        TensorDiff fail = TensorDiff.of("dW2", new Tensor(new int[] {3, 2}, new double[6]),
                new Tensor(new int[] {2, 3}, new double[6]), TOLERANCE);
        FixtureComparison comparison = Stub.comparison("demo", pass, fail);
        assertEquals("demo: dW2: shape 3×2 from core, 2×3 from reference\n"
                + "  first divergence: dW2 (layer 2, backward); forward pass not compared", FailureMessage.of(comparison));
        assertNull(FailureMessage.tensor(comparison, comparison.primary(), pass));
        assertNull(FailureMessage.of(Stub.comparison("demo", pass)));
    }

    @Test
    void errorIsItsOwnMessage() {
        FixtureComparison error = FixtureComparison.error("bad.json", null, "bad.json: params.W2: expected 5×4, got 4×5");
        assertEquals(Status.ERROR, error.status());
        assertEquals("bad.json: params.W2: expected 5×4, got 4×5", FailureMessage.of(error));
    }

    private static String message(TensorDiff diff) {
        FixtureComparison comparison = Stub.comparison("demo", diff);
        return FailureMessage.tensor(comparison, comparison.primary(), diff);
    }
}
