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

    /**
     * Copies the directions.
     *
     * @param values the loss and the estimated gradients, NaN where not estimated
     * @param checked per gradient, the flat indices estimated
     * @param skipped the elements and directions skipped at a kink, each with why
     * @param directions the directional derivatives along whole tensors
     */
    public NumericGradients {
        directions = List.copyOf(directions);
    }

    /**
     * Per-element estimates only.
     *
     * @param values the loss and the estimated gradients, NaN where not estimated
     * @param checked per gradient, the flat indices estimated
     * @param skipped the elements skipped at a kink, each with why
     */
    public NumericGradients(LossAndGradients values, Map<String, BitSet> checked, List<SkippedElement> skipped) {
        this(values, checked, skipped, List.of());
    }

    /**
     * Number of elements of a gradient that were estimated.
     *
     * @param gradient its name, {@code dW1}
     * @return the count
     */
    public int checkedCount(String gradient) {
        return checked.get(gradient).cardinality();
    }
}
