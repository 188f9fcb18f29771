package parity.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import parity.api.Tensor;
import parity.api.Tolerance;

class TensorDiffTest {

    private static final Tolerance TOLERANCE = new Tolerance(1e-3, 1e-6);

    @Test
    void equalTensorsPass() {
        Tensor t = Tensor.vector(1, -2, 3);
        TensorDiff diff = TensorDiff.of("db1", t, t, TOLERANCE);
        assertTrue(diff.passed());
        assertEquals(0, diff.mismatched());
        assertEquals(0, diff.smallestPassingRtol());
    }

    @Test
    void boundaryIsInclusive() {
        // |a - b| = atol + rtol·|b| exactly: 1e-6 + 1e-3·1000 = 1.000001; the rule says <=.
        Tolerance tolerance = new Tolerance(1e-3, 0.5);
        TensorDiff atEdge = TensorDiff.of("x", Tensor.vector(1001.5), Tensor.vector(1000), tolerance);
        TensorDiff beyond = TensorDiff.of("x", Tensor.vector(1001.5625), Tensor.vector(1000), tolerance);
        assertTrue(atEdge.passed());
        assertFalse(beyond.passed());
    }

    @Test
    void relativeToleranceScalesWithTheReferenceNotTheCandidate() {
        // b = 1: allowed 1e-6 + 1e-3; b = 1000 the other way round would allow far more.
        TensorDiff diff = TensorDiff.of("x", Tensor.vector(1000), Tensor.vector(1), TOLERANCE);
        assertFalse(diff.passed());
    }

    @Test
    void countsMismatchesAndFindsTheWorstElements() {
        Tensor reference = Tensor.matrix(new double[][] {{1, 2}, {4, 100}});
        Tensor candidate = Tensor.matrix(new double[][] {{1, 2.5}, {4.000001, 101}});
        TensorDiff diff = TensorDiff.of("dW1", candidate, reference, TOLERANCE);
        assertEquals(2, diff.mismatched());
        assertEquals(4, diff.size());
        assertEquals("[1][1]", diff.worstAbsMismatch().index());
        assertEquals(1.0, diff.worstAbsMismatch().abs());
        assertEquals("[0][1]", diff.worstRelMismatch().index());
        assertEquals(0.25, diff.worstRelMismatch().rel());
        assertEquals("[0][1]", diff.worst().index());
        assertEquals((0.5 - 1e-6) / 2, diff.smallestPassingRtol());
    }

    @Test
    void smallestPassingRtolIsEnough() {
        Tensor reference = Tensor.vector(3, -7, 0.5);
        Tensor candidate = Tensor.vector(3.3, -7.01, 0.5);
        TensorDiff diff = TensorDiff.of("db2", candidate, reference, TOLERANCE);
        Tolerance justEnough = new Tolerance(diff.smallestPassingRtol(), TOLERANCE.atol());
        Tolerance tooLittle = new Tolerance(Math.nextDown(diff.smallestPassingRtol()), TOLERANCE.atol());
        assertTrue(TensorDiff.of("db2", candidate, reference, justEnough).passed());
        assertFalse(TensorDiff.of("db2", candidate, reference, tooLittle).passed());
    }

    @Test
    void aZeroReferenceNeedsAtol() {
        TensorDiff diff = TensorDiff.of("db1", Tensor.vector(1e-3), Tensor.vector(0), TOLERANCE);
        assertFalse(diff.passed());
        assertEquals(Double.POSITIVE_INFINITY, diff.worstRelMismatch().rel());
        assertEquals(Double.POSITIVE_INFINITY, diff.smallestPassingRtol());
        assertTrue(TensorDiff.of("db1", Tensor.vector(1e-7), Tensor.vector(0), TOLERANCE).passed());
    }

    @Test
    void nanOrInfinityOnEitherSideFails() {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertFalse(TensorDiff.of("x", Tensor.vector(bad), Tensor.vector(1), TOLERANCE).passed(), "candidate " + bad);
            assertFalse(TensorDiff.of("x", Tensor.vector(1), Tensor.vector(bad), TOLERANCE).passed(), "reference " + bad);
        }
        assertFalse(TensorDiff.of("x", Tensor.vector(Double.NaN), Tensor.vector(Double.NaN), TOLERANCE).passed());
        TensorDiff nan = TensorDiff.of("x", Tensor.vector(1, Double.NaN), Tensor.vector(2, 1), TOLERANCE);
        assertEquals("[1]", nan.worstAbsMismatch().index());
    }

    @Test
    void shapesAreComparedFirst() {
        Tensor reference = Tensor.matrix(new double[][] {{1, 2, 3}, {4, 5, 6}});
        Tensor transposed = Tensor.matrix(new double[][] {{1, 4}, {2, 5}, {3, 6}});
        Tensor sameNumbers = new Tensor(new int[] {3, 2}, reference.data());
        TensorDiff diff = TensorDiff.of("dW2", sameNumbers, reference, TOLERANCE);
        assertFalse(diff.shapesAgree());
        assertFalse(diff.passed());
        assertEquals(6, diff.mismatched());
        assertFalse(TensorDiff.of("dW2", transposed, reference, TOLERANCE).passed());
    }
}
