package parity.compare;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import parity.fixtures.LossAndGradients;
import parity.fixtures.Tensor;
import parity.fixtures.Tolerance;

/**
 * One implementation against another on one fixture: the loss, then every gradient in layer order.
 * The {@code reference} side is b in {@code |a - b| <= atol + rtol * |b|}.
 */
public record PairComparison(Implementation candidate, Implementation reference, Tolerance tolerance,
        List<TensorDiff> tensors) {

    public PairComparison {
        tensors = List.copyOf(tensors);
    }

    /** Compares every element. */
    public static PairComparison of(Implementation candidate, LossAndGradients a, Implementation reference,
            LossAndGradients b, Tolerance tolerance) {
        return of(candidate, a, reference, b, tolerance, Map.of());
    }

    /**
     * Compares the elements of each gradient named in {@code compared} that it lists, and every
     * element of the others.
     *
     * @throws IllegalStateException when the candidate lacks a gradient the reference has
     */
    public static PairComparison of(Implementation candidate, LossAndGradients a, Implementation reference,
            LossAndGradients b, Tolerance tolerance, Map<String, BitSet> compared) {
        List<TensorDiff> tensors = new ArrayList<>();
        tensors.add(TensorDiff.of("loss", Tensor.scalar(a.loss()), Tensor.scalar(b.loss()), tolerance));
        b.gradients().forEach((name, expected) -> {
            Tensor actual = a.gradients().get(name);
            if (actual == null) {
                throw new IllegalStateException(candidate.name() + " returned no " + name);
            }
            BitSet elements = compared.get(name);
            tensors.add(elements == null
                    ? TensorDiff.of(name, actual, expected, tolerance)
                    : TensorDiff.of(name, actual, expected, tolerance, elements));
        });
        return new PairComparison(candidate, reference, tolerance, tensors);
    }

    public boolean passed() {
        return tensors.stream().allMatch(TensorDiff::passed);
    }

    /** {@code core ↔ reference}. */
    public String label() {
        return candidate.name() + " ↔ " + reference.name();
    }
}
