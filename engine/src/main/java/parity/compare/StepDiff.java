package parity.compare;

import java.util.List;

/**
 * Step k of a training run compared: the loss before step k+1 (after the last step, for the final
 * entry) and every parameter after k steps, under that step's tolerance.
 */
public record StepDiff(int step, List<TensorDiff> tensors) {

    public StepDiff {
        tensors = List.copyOf(tensors);
    }

    public boolean passed() {
        return tensors.stream().allMatch(TensorDiff::passed);
    }

    /** The greatest |a - b| over every tensor of this step. */
    public double maxAbs() {
        return tensors.stream().mapToDouble(t -> t.hasElements() ? t.maxAbs().abs() : Double.POSITIVE_INFINITY)
                .max().orElse(0);
    }

    /** The greatest |a - b| / |b| over every tensor of this step. */
    public double maxRel() {
        return tensors.stream().mapToDouble(t -> t.hasElements() ? t.maxRel().rel() : Double.POSITIVE_INFINITY)
                .max().orElse(0);
    }
}
