package parity.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import parity.api.Implementation;
import parity.api.Tensor;
import parity.api.Tolerance;
import parity.api.Trajectory;

/**
 * Two training runs compared step by step. Rounding differences compound as the steps go, so step k
 * is held to {@code rtol_k = rtol·(1 + k)}, {@code atol_k = atol·(1 + k)}: linear growth of the
 * fixture's tolerance, stated rather than hidden. The report shows per step the largest difference,
 * so growth beyond that is visible, and names the first step that leaves tolerance.
 *
 * @param recheck both sides' loss and gradients at the parameters of {@link #recheckStep()}, under the
 *     fixture's tolerance, which tell a wrong gradient there from a wrong update (on that step's batch
 *     for a mini-batch run); null until {@link ParityCheck} has run it, and when that step is 0 of a
 *     full-batch run (the fixture's own comparison says it)
 * @param uncompared why the steps after the last one in {@code steps} were not compared, or null when every
 *     step was: on a float32 fixture, from the step at which the reference's own float32 run leaves its
 *     float64 run (by a quarter of the tolerance), rounding alone has changed the run, and two float32 runs
 *     need not agree there
 */
public record TrajectoryComparison(Implementation candidate, Implementation reference, Tolerance tolerance,
        List<StepDiff> steps, PairComparison recheck, String uncompared) {

    /**
     * Copies the steps.
     *
     * @param candidate the implementation under test, side a
     * @param reference the side compared against, b
     * @param tolerance the fixture's tolerance, that of step 0
     * @param steps each step's comparison, from step 0
     * @param recheck the loss and gradients at {@link #recheckStep()}'s parameters, or null
     * @param uncompared why the later steps were not compared, or null
     */
    public TrajectoryComparison {
        steps = List.copyOf(steps);
    }

    /**
     * Every step compared.
     *
     * @param candidate the implementation under test, side a
     * @param reference the side compared against, b
     * @param tolerance the fixture's tolerance, that of step 0
     * @param steps each step's comparison, from step 0
     * @param recheck the loss and gradients at {@link #recheckStep()}'s parameters, or null
     */
    public TrajectoryComparison(Implementation candidate, Implementation reference, Tolerance tolerance,
            List<StepDiff> steps, PairComparison recheck) {
        this(candidate, reference, tolerance, steps, recheck, null);
    }

    /**
     * The tolerance of step k: {@code rtol·(1 + k)}, {@code atol·(1 + k)}.
     *
     * @param tolerance the fixture's tolerance
     * @param step k, from 0
     * @return the tolerance of step k
     */
    public static Tolerance toleranceAtStep(Tolerance tolerance, int step) {
        return new Tolerance(tolerance.rtol() * (1 + step), tolerance.atol() * (1 + step));
    }

    /**
     * Compares two runs step by step: at step k the loss and every parameter under {@link #toleranceAtStep}, and,
     * at the last common step, the number of steps, exactly.
     *
     * @param candidate the implementation under test
     * @param a its run
     * @param reference the side compared against
     * @param b its run
     * @param tolerance the fixture's tolerance
     * @return the comparison, without a recheck
     */
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
        return new TrajectoryComparison(candidate, reference, tolerance, steps, null);
    }

    /**
     * The same comparison with both sides re-run at {@link #recheckStep()}'s parameters.
     *
     * @param pair both sides' loss and gradients at those parameters
     * @return the comparison
     */
    public TrajectoryComparison withRecheck(PairComparison pair) {
        return new TrajectoryComparison(candidate, reference, tolerance, steps, pair, uncompared);
    }

    /**
     * The steps before {@code step} only, the rest neither passing nor failing, for {@code why}; the check
     * that both runs took the same number of steps is kept. Unchanged when {@code step} is past the last.
     *
     * @param step the first step not compared, ≥ 0
     * @param why why the steps from it on are not compared
     * @return the comparison
     * @throws IllegalArgumentException for a negative step
     */
    public TrajectoryComparison until(int step, String why) {
        if (step < 0) {
            throw new IllegalArgumentException("no step " + step);
        }
        if (step >= steps.size()) {
            return this;
        }
        List<StepDiff> kept = new ArrayList<>(steps.subList(0, Math.max(0, step)));
        List<TensorDiff> last = steps.get(steps.size() - 1).tensors();
        TensorDiff count = last.get(last.size() - 1);
        if (kept.isEmpty()) {
            kept.add(new StepDiff(0, List.of(count)));
        } else {
            StepDiff end = kept.remove(kept.size() - 1);
            List<TensorDiff> tensors = new ArrayList<>(end.tensors());
            tensors.add(count);
            kept.add(new StepDiff(end.step(), tensors));
        }
        return new TrajectoryComparison(candidate, reference, tolerance, kept, recheck, why);
    }

    /**
     * Whether every compared step is within its tolerance.
     *
     * @return true when the runs agree
     */
    public boolean passed() {
        return steps.stream().allMatch(StepDiff::passed);
    }

    /**
     * The first step at which any tensor leaves tolerance, or -1.
     *
     * @return the step, or -1
     */
    public int firstFailingStep() {
        return steps.stream().filter(s -> !s.passed()).mapToInt(StepDiff::step).findFirst().orElse(-1);
    }

    /**
     * Whether a parameter, not only the loss or the step count, is out of tolerance at the first failing step.
     *
     * @return true when a parameter differs there
     */
    public boolean parametersPart() {
        int first = firstFailingStep();
        return first >= 0 && steps.get(first).tensors().stream()
                .anyMatch(t -> !t.passed() && !t.tensor().equals("loss") && !t.tensor().equals("steps"));
    }

    /**
     * Where the gradients decide between a wrong gradient and a wrong update or loss: when the parameters
     * after step k (the first failing one) differ, step k-1, whose parameters still agree; when only the
     * loss at step k differs, step k. -1 when training passes, when the parameters differ at step 0
     * (before any update) or when only the number of steps differs.
     *
     * @return the step, or -1
     */
    public int recheckStep() {
        int first = firstFailingStep();
        if (first < 0) {
            return -1;
        }
        if (parametersPart()) {
            return first - 1;
        }
        return steps.get(first).tensors().get(0).passed() ? -1 : first;
    }
}
