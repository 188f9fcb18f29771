package parity.compare;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import parity.api.Implementation;
import parity.api.LossAndGradients;
import parity.api.Tensor;
import parity.api.Tolerance;
import parity.rounding.RoundingBound;

/**
 * One implementation against another on one fixture: the loss, then every gradient in layer order,
 * and, when both sides expose them, the forward intermediates (z1, a1, …, zL, softmax), which must
 * agree too and locate where the two part; an intermediate one side lacks fails. The {@code reference} side is b in {@code |a - b| <= atol + rtol * |b|}.
 *
 * @param forward the forward intermediates compared, in forward order; empty when either side has none
 * @param bound the rounding bound that gave each element its own allowance in place of the tolerance's
 *     rule; null when the tolerance ruled (float64, or a tolerance the fixture states)
 */
public record PairComparison(Implementation candidate, Implementation reference, Tolerance tolerance,
        List<TensorDiff> tensors, List<TensorDiff> forward, RoundingBound bound) {

    /**
     * Copies both lists.
     *
     * @param candidate the implementation under test, side a
     * @param reference the side compared against, b
     * @param tolerance the fixture's tolerance
     * @param tensors the loss, then every gradient in layer order
     * @param forward the forward intermediates compared, in forward order
     * @param bound the rounding bound, or null when the tolerance rules
     */
    public PairComparison {
        tensors = List.copyOf(tensors);
        forward = List.copyOf(forward);
    }

    /** Stands in for an intermediate one side lacks: its shape, 0, never matches, so the pair fails. */
    private static final Tensor ABSENT = new Tensor(new int[] {0}, new double[0]);

    /**
     * Under the tolerance's rule.
     *
     * @param candidate the implementation under test, side a
     * @param reference the side compared against, b
     * @param tolerance the fixture's tolerance
     * @param tensors the loss, then every gradient in layer order
     * @param forward the forward intermediates compared, in forward order
     */
    public PairComparison(Implementation candidate, Implementation reference, Tolerance tolerance,
            List<TensorDiff> tensors, List<TensorDiff> forward) {
        this(candidate, reference, tolerance, tensors, forward, null);
    }

    /**
     * Under the tolerance's rule, without forward intermediates.
     *
     * @param candidate the implementation under test, side a
     * @param reference the side compared against, b
     * @param tolerance the fixture's tolerance
     * @param tensors the loss, then every gradient in layer order
     */
    public PairComparison(Implementation candidate, Implementation reference, Tolerance tolerance,
            List<TensorDiff> tensors) {
        this(candidate, reference, tolerance, tensors, List.of(), null);
    }

    /**
     * Compares every element.
     *
     * @param candidate the implementation under test
     * @param a what it returned
     * @param reference the side compared against
     * @param b what that returned
     * @param tolerance the fixture's tolerance
     * @return the comparison
     */
    public static PairComparison of(Implementation candidate, LossAndGradients a, Implementation reference,
            LossAndGradients b, Tolerance tolerance) {
        return of(candidate, a, reference, b, tolerance, Map.of());
    }

    /**
     * Compares the elements of each gradient named in {@code compared} that it lists, and every
     * element of the others.
     *
     * @param candidate the implementation under test
     * @param a what it returned
     * @param reference the side compared against
     * @param b what that returned
     * @param tolerance the fixture's tolerance
     * @param compared by gradient name, the flat indices of the elements to compare
     * @return the comparison
     * @throws IllegalStateException when the candidate lacks a gradient the reference has
     */
    public static PairComparison of(Implementation candidate, LossAndGradients a, Implementation reference,
            LossAndGradients b, Tolerance tolerance, Map<String, BitSet> compared) {
        return of(candidate, a, reference, b, tolerance, compared, null);
    }

    /**
     * Every element under its own allowance from {@code bound}; {@code tolerance} (the dtype's) is kept for
     * {@link TensorDiff#agreesRelatively} and the smallest passing rtol the reports give.
     *
     * @param candidate the implementation under test
     * @param a what it returned
     * @param reference the side compared against
     * @param b what that returned
     * @param tolerance the dtype's tolerance
     * @param bound the rounding bound, giving each element its allowance
     * @return the comparison
     */
    public static PairComparison of(Implementation candidate, LossAndGradients a, Implementation reference,
            LossAndGradients b, Tolerance tolerance, RoundingBound bound) {
        return of(candidate, a, reference, b, tolerance, Map.of(), bound);
    }

    private static PairComparison of(Implementation candidate, LossAndGradients a, Implementation reference,
            LossAndGradients b, Tolerance tolerance, Map<String, BitSet> compared, RoundingBound bound) {
        List<TensorDiff> tensors = new ArrayList<>();
        tensors.add(diff("loss", Tensor.scalar(a.loss()), Tensor.scalar(b.loss()), tolerance, null, bound));
        b.gradients().forEach((name, expected) -> {
            Tensor actual = a.gradients().get(name);
            if (actual == null) {
                throw new IllegalStateException(candidate.name() + " returned no " + name);
            }
            tensors.add(diff(name, actual, expected, tolerance, compared.get(name), bound));
        });
        List<TensorDiff> forward = new ArrayList<>();
        if (!a.forward().isEmpty() && !b.forward().isEmpty()) {
            Set<String> names = new LinkedHashSet<>(b.forward().keySet());
            names.addAll(a.forward().keySet());
            for (String name : names) {
                forward.add(diff(name, a.forward().getOrDefault(name, ABSENT),
                        b.forward().getOrDefault(name, ABSENT), tolerance, null, bound));
            }
        }
        return new PairComparison(candidate, reference, tolerance, tensors, forward, bound);
    }

    /** Every element, or those in {@code elements}; under the bound's allowance when it has one for the tensor. */
    private static TensorDiff diff(String name, Tensor actual, Tensor expected, Tolerance tolerance, BitSet elements,
            RoundingBound bound) {
        BitSet compared = elements;
        if (compared == null) {
            compared = new BitSet(expected.size());
            compared.set(0, expected.size());
        }
        double[] allowed = bound == null ? null : bound.allowed(name);
        if (allowed != null && allowed.length != expected.size()) {
            throw new IllegalStateException("the rounding bound has " + allowed.length + " allowances for " + name
                    + ", which has " + expected.size() + " elements");
        }
        return TensorDiff.of(name, actual, expected, tolerance, compared, allowed);
    }

    /**
     * The same pair with more compared quantities after its own, e.g. directional derivatives.
     *
     * @param more the quantities to add
     * @return the pair
     */
    public PairComparison withTensors(List<TensorDiff> more) {
        List<TensorDiff> all = new ArrayList<>(tensors);
        all.addAll(more);
        return new PairComparison(candidate, reference, tolerance, all, forward, bound);
    }

    /**
     * Loss, every gradient and every forward intermediate within tolerance.
     *
     * @return true when every compared element passes
     */
    public boolean passed() {
        return tensors.stream().allMatch(TensorDiff::passed) && forward.stream().allMatch(TensorDiff::passed);
    }

    /**
     * Where the two sides first part, when they do: the first tensor out of tolerance in
     * {@linkplain #inDivergenceOrder() divergence order}, e.g. {@code dW2 (layer 2, backward); forward
     * pass agrees}. Null when everything agrees.
     *
     * @return where they part, or null
     */
    public String firstDivergence() {
        String forwardVerdict = forward.isEmpty() ? "forward pass not compared" : "forward pass agrees";
        List<TensorDiff> ordered = inDivergenceOrder();
        for (int i = 0; i < ordered.size(); i++) {
            TensorDiff tensor = ordered.get(i);
            if (tensor.passed()) {
                continue;
            }
            String name = tensor.tensor();
            if (i < forward.size()) {
                return name + (name.equals(parity.api.LossAndGradients.SOFTMAX)
                        ? " (output, forward)" : " (layer " + name.substring(1) + ", forward)");
            }
            if (name.equals("loss")) {
                return "loss; " + forwardVerdict;
            }
            return name + " (layer " + layer(tensor) + ", backward); " + forwardVerdict;
        }
        return null;
    }

    /**
     * Every tensor in the order the network computes it: the forward intermediates in forward order,
     * then the loss, then the gradients in backprop order (last layer first, dW before db).
     *
     * @return the tensors in that order
     */
    public List<TensorDiff> inDivergenceOrder() {
        List<TensorDiff> ordered = new ArrayList<>(forward);
        ordered.add(tensors.get(0));
        List<TensorDiff> backwardOrder = new ArrayList<>(tensors.subList(1, tensors.size()));
        backwardOrder.sort(Comparator.comparingInt(PairComparison::layer).reversed());
        ordered.addAll(backwardOrder);
        return ordered;
    }

    /** dW2, db2 and dW2·u1 belong to layer 2. */
    private static int layer(TensorDiff gradient) {
        String name = gradient.tensor();
        int end = 2;
        while (end < name.length() && Character.isDigit(name.charAt(end))) {
            end++;
        }
        return Integer.parseInt(name.substring(2, end));
    }

    /**
     * What an element may differ by, as report headings give it: {@code rtol 1.0E-7, atol 1.0E-7}, or the bound's rule.
     *
     * @return the allowance, in words
     */
    public String allowance() {
        return bound == null ? "rtol " + tolerance.rtol() + ", atol " + tolerance.atol() : bound.rule();
    }

    /**
     * {@code core ↔ reference}.
     *
     * @return the two names
     */
    public String label() {
        return candidate.name() + " ↔ " + reference.name();
    }
}
