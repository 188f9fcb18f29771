package parity.numeric;

import java.util.BitSet;
import java.util.List;
import java.util.Map;
import parity.api.LossAndGradients;

/**
 * The result of {@link CentralDifferences}: the loss and the estimated gradients, in which an element
 * that was not estimated is NaN; {@code checked} says, per gradient, which elements were estimated
 * (all of them, or a sampled subset of a large fixture, less those skipped at a kink); and the
 * directional derivatives along whole tensors, which every element takes part in.
 */
public record NumericGradients(LossAndGradients values, Map<String, BitSet> checked, List<SkippedElement> skipped,
        List<DirectionalDerivative> directions) {

    public NumericGradients {
        directions = List.copyOf(directions);
    }

    /** Per-element estimates only. */
    public NumericGradients(LossAndGradients values, Map<String, BitSet> checked, List<SkippedElement> skipped) {
        this(values, checked, skipped, List.of());
    }

    public int checkedCount(String gradient) {
        return checked.get(gradient).cardinality();
    }
}
