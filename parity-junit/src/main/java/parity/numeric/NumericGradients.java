package parity.numeric;

import java.util.BitSet;
import java.util.List;
import java.util.Map;
import parity.fixtures.LossAndGradients;

/**
 * The result of {@link CentralDifferences}: the loss and the estimated gradients, in which an element
 * that was not estimated is NaN; {@code checked} says, per gradient, which elements were estimated
 * (all of them, or a sampled subset of a large fixture, less those skipped at a ReLU kink).
 */
public record NumericGradients(LossAndGradients values, Map<String, BitSet> checked, List<SkippedElement> skipped) {

    public int checkedCount(String gradient) {
        return checked.get(gradient).cardinality();
    }
}
