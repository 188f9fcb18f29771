package parity.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import parity.fixtures.Implementation;
import parity.fixtures.Tensor;
import parity.fixtures.Tolerance;
import parity.fixtures.Trajectory;

/**
 * Two training runs compared step by step. Rounding differences compound as the steps go, so step k
 * is held to {@code rtol_k = rtol·(1 + k)}, {@code atol_k = atol·(1 + k)}: linear growth of the
 * fixture's tolerance, stated rather than hidden. The report shows per step the largest difference,
 * so growth beyond that is visible, and names the first step that leaves tolerance.
 */
public record TrajectoryComparison(Implementation candidate, Implementation reference, Tolerance tolerance,
        List<StepDiff> steps) {

    public TrajectoryComparison {
        steps = List.copyOf(steps);
    }

    public static Tolerance toleranceAtStep(Tolerance tolerance, int step) {
        return new Tolerance(tolerance.rtol() * (1 + step), tolerance.atol() * (1 + step));
    }

    public static TrajectoryComparison of(Implementation candidate, Trajectory a, Implementation reference,
            Trajectory b, Tolerance tolerance) {
        List<StepDiff> steps = new ArrayList<>();
        int common = Math.min(a.steps(), b.steps());
        for (int k = 0; k <= common; k++) {
            Tolerance allowed = toleranceAtStep(tolerance, k);
            List<TensorDiff> tensors = new ArrayList<>();
            tensors.add(TensorDiff.of("loss", Tensor.scalar(a.losses().get(k)), Tensor.scalar(b.losses().get(k)),
                    allowed));
            for (Map.Entry<String, Tensor> param : b.params().get(k).entrySet()) {
                tensors.add(TensorDiff.of(param.getKey(), a.params().get(k).get(param.getKey()), param.getValue(),
                        allowed));
            }
            if (k == common) {
                // A run of another length is wrong whatever its numbers: the step count must match exactly.
                tensors.add(TensorDiff.of("steps", Tensor.scalar(a.steps()), Tensor.scalar(b.steps()),
                        new Tolerance(0, 0)));
            }
            steps.add(new StepDiff(k, tensors));
        }
        return new TrajectoryComparison(candidate, reference, tolerance, steps);
    }

    public boolean passed() {
        return steps.stream().allMatch(StepDiff::passed);
    }

    /** The first step at which any tensor leaves tolerance, or -1. */
    public int firstFailingStep() {
        return steps.stream().filter(s -> !s.passed()).mapToInt(StepDiff::step).findFirst().orElse(-1);
    }
}
