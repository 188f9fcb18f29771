package parity.compare;

import java.util.List;

/**
 * Step k of a training run compared: the loss before step k+1 (after the last step, for the final
 * entry) and every parameter after k steps, under that step's tolerance.
 */
public record StepDiff(int step, List<TensorDiff> tensors) {

    /**
     * Copies the tensors.
     *
     * @param step k, from 0
     * @param tensors the loss, every parameter and, at the last step, the step count, each under step k's
     *     tolerance
     */
    public StepDiff {
        tensors = List.copyOf(tensors);
    }

    /**
     * Whether every tensor of this step is within its tolerance.
     *
     * @return true when it is
     */
    public boolean passed() {
        return tensors.stream().allMatch(TensorDiff::passed);
    }

    /**
     * The greatest |a - b| over every tensor of this step.
     *
     * @return the difference; +Infinity when a tensor had no element compared, 0 for no tensor
     */
    public double maxAbs() {
        return tensors.stream().mapToDouble(t -> t.hasElements() ? t.maxAbs().abs() : Double.POSITIVE_INFINITY)
                .max().orElse(0);
    }

    /**
     * The greatest |a - b| / |b| over every tensor of this step.
     *
     * @return the difference; +Infinity when a tensor had no element compared, 0 for no tensor
     */
    public double maxRel() {
        return tensors.stream().mapToDouble(t -> t.hasElements() ? t.maxRel().rel() : Double.POSITIVE_INFINITY)
                .max().orElse(0);
    }
}
