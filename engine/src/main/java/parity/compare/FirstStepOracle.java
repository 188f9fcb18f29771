package parity.compare;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import parity.api.Fixture;
import parity.api.Implementation;
import parity.api.LossAndGradients;
import parity.api.Tensor;
import parity.api.Tolerance;
import parity.api.Trajectory;
import parity.numeric.FirstStep;
import parity.numeric.NumericGradients;
import parity.numeric.SkippedElement;
import parity.oracle.FirstStepFromFiniteDifferences;

/**
 * The three oracles on training: each side's first step against the first step computed from
 * finite-difference gradients of step 0's batch ({@link FirstStep}), as the pairs {@code core ↔ numeric
 * first step} and {@code reference ↔ numeric first step}, under the per-element tolerance of finite differences
 * ({@link parity.numeric.CentralDifferences#elementTolerance}: {@link ParityCheck#NUMERIC_TOLERANCE}, its atol
 * raised to the rounding of a large loss; a step of SGD carries lr times that error, of Adam less). Their
 * loss is the loss before the first step, over all samples; their tensors the step directions ΔW1, Δb1, …
 */
final class FirstStepOracle {

    /** The finite-difference side of these pairs. */
    static final FirstStepFromFiniteDifferences NUMERIC_FIRST_STEP =
            new FirstStepFromFiniteDifferences(Implementations.NUMERIC);

    private final Fixture fixture;
    private final FirstStep firstStep;
    private final LossAndGradients expected;
    private final Map<String, BitSet> compared;
    private final NumericGradients firstBatch;
    private final Tolerance tolerance;

    /**
     * @param whole finite differences on the fixture (for the loss before the first step)
     * @param firstBatch finite differences on step 0's batch (the same as {@code whole} for a full batch)
     * @param tolerance the per-element tolerance of finite differences on this fixture
     */
    FirstStepOracle(Fixture fixture, NumericGradients whole, NumericGradients firstBatch, Tolerance tolerance) {
        this.fixture = fixture;
        this.tolerance = tolerance;
        this.firstStep = new FirstStep(fixture.training());
        this.firstBatch = firstBatch;
        Map<String, Tensor> gradients = firstBatch.values().gradients();
        this.expected = new LossAndGradients(whole.values().loss(), firstStep.fromGradients(fixture.params(), gradients),
                Map.of());
        this.compared = firstStep.placeable(fixture.params(), gradients, firstBatch.checked());
    }

    /** A side's first step against finite differences'. */
    PairComparison pair(Implementation side, Trajectory run) {
        LossAndGradients taken = new LossAndGradients(run.losses().get(0),
                firstStep.taken(run.params().get(0), run.params().get(1)), Map.of());
        return PairComparison.of(side, taken, NUMERIC_FIRST_STEP, expected, tolerance, compared);
    }

    /** The estimated elements left out because the first step magnifies their error. */
    List<SkippedElement> skipped() {
        List<SkippedElement> skipped = new ArrayList<>();
        fixture.params().forEach((name, theta0) -> {
            Tensor g = firstBatch.values().gradients().get(Fixture.gradientName(name));
            BitSet estimated = firstBatch.checked().get(Fixture.gradientName(name));
            for (int i = 0; i < theta0.size(); i++) {
                String why = firstStep.whyNotPlaceable(g.get(i), theta0.get(i));
                if ((estimated == null || estimated.get(i)) && why != null) {
                    skipped.add(new SkippedElement(FirstStep.directionName(name), theta0.indexText(i), why));
                }
            }
        });
        return skipped;
    }
}
