package parity.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import parity.api.LossAndGradients;
import parity.api.Tensor;
import parity.api.Tolerance;
import parity.api.Trajectory;

class PairComparisonTest {

    private static final Tolerance TOLERANCE = new Tolerance(1e-7, 1e-7);

    private static LossAndGradients result(double dW2, Map<String, Tensor> forward) {
        Map<String, Tensor> gradients = new LinkedHashMap<>();
        gradients.put("dW1", Tensor.vector(1, 2));
        gradients.put("db1", Tensor.vector(3));
        gradients.put("dW2", Tensor.vector(dW2));
        gradients.put("db2", Tensor.vector(5));
        return new LossAndGradients(0.5, gradients, forward);
    }

    private static Map<String, Tensor> forward(double z1) {
        Map<String, Tensor> forward = new LinkedHashMap<>();
        forward.put("z1", Tensor.vector(z1));
        forward.put("a1", Tensor.vector(0.25));
        forward.put("z2", Tensor.vector(0.75));
        return forward;
    }

    private static PairComparison compare(LossAndGradients a, LossAndGradients b) {
        return PairComparison.of(Stub.CANDIDATE, a, Stub.REFERENCE, b, TOLERANCE);
    }

    @Test
    void agreementHasNoDivergence() {
        PairComparison pair = compare(result(4, forward(0.5)), result(4, forward(0.5)));
        assertTrue(pair.passed());
        assertEquals(null, pair.firstDivergence());
    }

    @Test
    void backwardDivergenceIsNamedLastLayerFirst() {
        PairComparison pair = compare(result(4.5, forward(0.5)), result(4, forward(0.5)));
        assertFalse(pair.passed());
        assertEquals("dW2 (layer 2, backward); forward pass agrees", pair.firstDivergence());
    }

    @Test
    void forwardDivergenceComesFirst() {
        PairComparison pair = compare(result(4.5, forward(0.6)), result(4, forward(0.5)));
        assertEquals("z1 (layer 1, forward)", pair.firstDivergence());
    }

    @Test
    void aForwardDivergenceAloneFails() {
        PairComparison pair = compare(result(4, forward(0.6)), result(4, forward(0.5)));
        assertFalse(pair.passed());
    }

    @Test
    void anIntermediateOneSideLacksFails() {
        Map<String, Tensor> extra = forward(0.5);
        extra.put("a2", Tensor.vector(0.75));
        PairComparison pair = compare(result(4, extra), result(4, forward(0.5)));
        assertFalse(pair.passed());
        assertEquals("a2 (layer 2, forward)", pair.firstDivergence());
    }

    @Test
    void withoutIntermediatesOnOneSideOnlyGradientsCount() {
        PairComparison pair = compare(result(4.5, Map.of()), result(4, forward(0.5)));
        assertEquals(List.of(), pair.forward());
        assertEquals("dW2 (layer 2, backward); forward pass not compared", pair.firstDivergence());
    }

    @Test
    void aTrajectoryOfAnotherLengthFails() {
        Map<String, Tensor> params = Map.of("W1", Tensor.vector(1));
        Trajectory three = new Trajectory(List.of(1.0, 0.5, 0.25, 0.125), List.of(params, params, params, params));
        Trajectory two = new Trajectory(List.of(1.0, 0.5, 0.25), List.of(params, params, params));
        TrajectoryComparison comparison = TrajectoryComparison.of(Stub.CANDIDATE, three, Stub.REFERENCE, two, TOLERANCE);
        assertFalse(comparison.passed());
        assertEquals(2, comparison.firstFailingStep());
        assertTrue(TrajectoryComparison.of(Stub.CANDIDATE, two, Stub.REFERENCE, two, TOLERANCE).passed());
    }
}
