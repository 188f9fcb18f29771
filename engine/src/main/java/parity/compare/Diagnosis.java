package parity.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import parity.api.Fixture;
import parity.api.Loss;
import parity.api.LossAndGradients;
import parity.api.Training;

/**
 * Which rule of the network is broken, named from which compared quantities agree and which do not.
 * The rule named is the one whose output is the first wrong quantity, its inputs agreeing; a quantity
 * that is never compared (δ_l, the data loss alone) is taken as right when a quantity computed directly
 * from it agrees, as a wrong δ_l would show in db_l = Σ_rows δ_l. Where the evidence cannot separate
 * two rules both are named, never one of them alone:
 *
 * <ul>
 * <li>a forward intermediate differs: its rule, {@code z_l = a_{l-1}·W_lᵀ + b_l}, {@code a_l = f(z_l)}
 *     or the softmax (the earliest in forward order: every input of it agrees);
 * <li>the loss differs, the forward pass agreeing: the loss value or the L2 term, which only the total
 *     shows; without a compared forward pass and with a gradient wrong too, the forward rules as well;
 * <li>then layer by layer from the output down, the first layer l whose gradients differ:
 *     dW_l alone → {@code dW_l = δ_lᵀ·a_{l-1} + λ·W_l}; db_l alone → {@code db_l = Σ_rows δ_l}; both →
 *     δ_l's rule, {@code δ_L = ∂data/∂z_L} or {@code δ_l = (δ_{l+1}·W_{l+1}) ⊙ f'(z_l)}. A wrong δ_l
 *     would normally carry into layer l-1; when layer l-1 agrees, dW_l's and db_l's own rules are named
 *     beside it. When dW_l alone differs, δ_l's rule is named beside dW_l's if db_l agrees only thanks to
 *     atol (values near 0 may differ by any ratio: a small error in δ_l hides there, and a_{l-1} can
 *     magnify it in dW_l), or if a db below differs too, which dW_l's rule alone cannot cause; the same
 *     for db_l alone, with dW_l and the dWs below;
 * <li>gradients agree and training parts at step k: when the parameters after step k differ, the
 *     gradients at step k-1's parameters decide: wrong there, their diagnosis; right, the optimiser's
 *     update. When only the loss at step k differs, the loss and gradients at step k's parameters
 *     decide the same way. Both sides are re-run at those parameters ({@link TrajectoryComparison#recheck()}).
 * </ul>
 * A fixture that could not be compared (ERROR) names no rule: nothing was compared.
 */
public final class Diagnosis {

    private final List<BrokenRule> rules;
    private final String note;

    private Diagnosis(List<BrokenRule> rules, String note) {
        this.rules = List.copyOf(rules);
        this.note = note;
    }

    /**
     * The broken rule of a failing fixture: from core ↔ reference when they part, else from their
     * training runs; when they agree on both (finite differences are the odd one out), no rule. Null
     * for a fixture that did not fail.
     *
     * @param comparison everything checked on one fixture
     * @return the diagnosis, or null
     */
    public static Diagnosis of(FixtureComparison comparison) {
        if (comparison.status() != Status.FAIL) {
            return null;
        }
        PairComparison primary = comparison.primary();
        if (!primary.passed()) {
            return of(primary, comparison.fixture());
        }
        TrajectoryComparison training = comparison.training();
        if (training != null && !training.passed()) {
            return training(training, primary, comparison.fixture());
        }
        return new Diagnosis(List.of(), primary.candidate().name() + " and the " + primary.reference().name()
                + " agree");
    }

    /**
     * The broken rule behind one pair's disagreement; null when the pair agrees.
     *
     * @param fixture what the pair was computed on, or null when unknown: it says whether a loss
     *     without compared forward intermediates went through a softmax
     * @param pair one implementation against another
     * @return the diagnosis, or null
     */
    public static Diagnosis of(PairComparison pair, Fixture fixture) {
        if (pair.passed()) {
            return null;
        }
        Map<String, TensorDiff> tensors = new LinkedHashMap<>();
        pair.tensors().forEach(t -> tensors.put(t.tensor(), t));
        int depth = pair.tensors().stream().map(TensorDiff::tensor).filter(n -> n.matches("d[Wb][1-9][0-9]*"))
                .mapToInt(n -> Integer.parseInt(n.substring(2))).max().orElse(0);
        Diagnosis forward = forward(pair);
        if (forward != null) {
            return forward;
        }
        if (!passed(tensors, "loss")) {
            return loss(pair, fixture, depth);
        }
        // A layer without bias as the fixture says; a comparison built by hand, without one, by its tensors.
        IntPredicate withoutBias = fixture != null ? l -> !fixture.hasBias(l) : l -> !tensors.containsKey("db" + l);
        return backward(tensors, depth, withoutBias);
    }

    /** The loss differs while the forward intermediates, if compared, agree. */
    private static Diagnosis loss(PairComparison pair, Fixture fixture, int depth) {
        boolean forwardCompared = !pair.forward().isEmpty();
        boolean gradientsAgree = pair.tensors().stream().filter(t -> !t.tensor().equals("loss"))
                .allMatch(TensorDiff::passed);
        List<BrokenRule> rules = new ArrayList<>();
        if (!forwardCompared && !gradientsAgree) {
            // A wrong forward pass would change the loss and every gradient at once.
            rules.add(new BrokenRule(NetworkRule.LINEAR, 0));
            if (depth > 1) {
                rules.add(new BrokenRule(NetworkRule.ACTIVATION, 0));
            }
            if (fixture == null || hasSoftmax(fixture.loss())) {
                rules.add(new BrokenRule(NetworkRule.SOFTMAX, depth));
            }
        }
        rules.add(new BrokenRule(NetworkRule.DATA_LOSS, depth));
        rules.add(new BrokenRule(NetworkRule.L2_PENALTY, 0));
        return new Diagnosis(rules, forwardCompared || gradientsAgree ? null
                : "no forward intermediates were compared to tell them apart");
    }

    /** The first layer from the output down whose gradients differ, everything before them agreeing. */
    private static Diagnosis backward(Map<String, TensorDiff> tensors, int depth, IntPredicate withoutBias) {
        for (int l = depth; l >= 1; l--) {
            boolean weight = passed(tensors, "dW" + l);
            boolean bias = passed(tensors, "db" + l);
            if (weight && bias) {
                continue;
            }
            BrokenRule delta = l == depth ? new BrokenRule(NetworkRule.OUTPUT_DELTA, depth)
                    : new BrokenRule(NetworkRule.HIDDEN_DELTA, l);
            BrokenRule weightRule = new BrokenRule(NetworkRule.WEIGHT_GRADIENT, l);
            BrokenRule biasRule = new BrokenRule(NetworkRule.BIAS_GRADIENT, l);
            if (withoutBias.test(l)) {
                return withoutBias(tensors, l, withoutBias, delta, weightRule);
            }
            if (!weight && !bias) {
                if (l > 1 && passed(tensors, "dW" + (l - 1)) && passed(tensors, "db" + (l - 1))) {
                    return new Diagnosis(List.of(delta, weightRule, biasRule), "layer " + (l - 1)
                            + " agrees: δ_" + l + "'s error may vanish there, or dW" + l + " and db" + l
                            + " are both wrong");
                }
                return new Diagnosis(List.of(delta), null);
            }
            // The gradient of layer l that agrees vouches for δ_l, unless it agrees only thanks to atol or
            // a lower layer shows what the other gradient's own rule cannot have caused.
            String agreeing = (weight ? "dW" : "db") + l;
            TensorDiff vouching = tensors.get(agreeing);
            String doubt = vouching != null && !vouching.agreesRelatively()
                    ? agreeing + " agrees only within atol, near 0, so it cannot vouch for δ_" + l : null;
            String below = firstFailingBelow(tensors, weight ? "dW" : "db", l);
            if (doubt == null && below != null) {
                doubt = below + " differs too, which " + (weight ? "db" : "dW") + l + "'s rule alone does not change";
            }
            BrokenRule own = weight ? biasRule : weightRule;
            return new Diagnosis(doubt == null ? List.of(own) : List.of(own, delta), doubt);
        }
        // Reached only by a gradient named otherwise than dW<l>, db<l>, which no rule computes.
        return new Diagnosis(List.of(), "what differs is not a quantity of the network's rules");
    }

    /**
     * Layer l has no bias (format 1.2), so dW_l differs with no db_l to vouch for δ_l or not. The first layer
     * below with a bias can: its db differs when δ_l's error reached it, and agrees when δ_l is right (or its
     * error vanished on the way). Without one, δ_l and dW_l's own rule both remain: a wrong dW rule in every
     * layer changes the lower gradients as a wrong δ_l does.
     */
    private static Diagnosis withoutBias(Map<String, TensorDiff> tensors, int l, IntPredicate noBias, BrokenRule delta,
            BrokenRule weightRule) {
        for (int m = l - 1; m >= 1; m--) {
            if (!noBias.test(m)) {
                return passed(tensors, "db" + m)
                        ? new Diagnosis(List.of(weightRule, delta), "layer " + l + " has no bias; db" + m
                                + " agrees, so δ_" + l + " is right unless its error vanished on the way")
                        : new Diagnosis(List.of(delta), null);
            }
        }
        return new Diagnosis(List.of(delta, weightRule), "layer " + l + " has no bias, whose gradient would tell δ_"
                + l + " from dW" + l + "'s own rule" + (l > 1 ? ", and neither has any layer below it" : ""));
    }

    /** The earliest forward intermediate that differs, by its rule; null when the forward pass agrees. */
    private static Diagnosis forward(PairComparison pair) {
        TensorDiff first = null;
        for (TensorDiff intermediate : pair.forward()) {
            if (!intermediate.passed() && (first == null || order(intermediate) < order(first))) {
                first = intermediate;
            }
        }
        if (first == null) {
            return null;
        }
        String name = first.tensor();
        int[] absent = {0};
        if (Arrays.equals(first.candidateShape(), absent) || Arrays.equals(first.referenceShape(), absent)) {
            return new Diagnosis(List.of(), name + " is returned by one side only");
        }
        OptionalInt layer = layer(name);
        if (name.equals(LossAndGradients.SOFTMAX)) {
            int depth = (int) pair.forward().stream().filter(t -> t.tensor().startsWith("z")).count();
            return new Diagnosis(List.of(new BrokenRule(NetworkRule.SOFTMAX, depth)), null);
        }
        if (layer.isEmpty()) {
            return new Diagnosis(List.of(), name + " is not a quantity of the network's rules");
        }
        NetworkRule rule = name.startsWith("z") ? NetworkRule.LINEAR : NetworkRule.ACTIVATION;
        return new Diagnosis(List.of(new BrokenRule(rule, layer.getAsInt())), null);
    }

    /** Forward order: z1, a1, z2, a2, …, then softmax, then anything else. */
    private static int order(TensorDiff intermediate) {
        String name = intermediate.tensor();
        OptionalInt layer = layer(name);
        if (layer.isPresent()) {
            return 2 * layer.getAsInt() + (name.startsWith("a") ? 1 : 0);
        }
        return name.equals(LossAndGradients.SOFTMAX) ? Integer.MAX_VALUE - 1 : Integer.MAX_VALUE;
    }

    /** 3 for z3 or a3; empty for any other name. */
    private static OptionalInt layer(String name) {
        return name.matches("[za][1-9][0-9]*") ? OptionalInt.of(Integer.parseInt(name.substring(1))) : OptionalInt.empty();
    }

    /** A tensor the pair does not have (a comparison built by hand) counts as agreeing. */
    private static boolean passed(Map<String, TensorDiff> tensors, String name) {
        TensorDiff tensor = tensors.get(name);
        return tensor == null || tensor.passed();
    }

    private static String firstFailingBelow(Map<String, TensorDiff> tensors, String kind, int layer) {
        for (int m = layer - 1; m >= 1; m--) {
            if (!passed(tensors, kind + m)) {
                return kind + m;
            }
        }
        return null;
    }

    /** Training parts while the gradients at the fixture's parameters agree. */
    private static Diagnosis training(TrajectoryComparison training, PairComparison primary, Fixture fixture) {
        boolean parameters = training.parametersPart();
        int at = training.recheckStep();
        if (at < 0) {
            return parameters
                    ? new Diagnosis(List.of(), "the parameters differ before the first step: a side does not start"
                            + " from the fixture's parameters")
                    : new Diagnosis(List.of(new BrokenRule(NetworkRule.TRAINING_STEPS, 0)), null);
        }
        PairComparison there = training.recheck() != null ? training.recheck() : at == 0 ? primary : null;
        if (there == null) {
            return new Diagnosis(List.of(), "the gradients at step " + at + "'s parameters were not compared");
        }
        if (!there.passed()) {
            Diagnosis inner = of(there, fixture);
            return new Diagnosis(inner.rules, (inner.note == null ? "" : inner.note + "; ") + "at step " + at
                    + "'s parameters");
        }
        if (parameters) {
            return new Diagnosis(List.of(new BrokenRule(updateRule(fixture), 0)), "the gradients at step " + at
                    + "'s parameters agree");
        }
        int depth = fixture == null ? 0 : fixture.depth();
        return new Diagnosis(List.of(new BrokenRule(NetworkRule.DATA_LOSS, depth),
                new BrokenRule(NetworkRule.L2_PENALTY, 0)), "as training computes the loss: at step " + at
                + "'s parameters the loss agrees outside training");
    }

    /** {@code θ ← θ - lr·dθ} for full-batch plain SGD, the general update for any other training block. */
    private static NetworkRule updateRule(Fixture fixture) {
        Training training = fixture == null ? null : fixture.training();
        return training == null || training.plainSgd(fixture.samples()) ? NetworkRule.SGD_UPDATE
                : NetworkRule.OPTIMIZER_UPDATE;
    }

    /**
     * The rules named, any of which may be the broken one; empty when none can be named.
     *
     * @return the rules, in the order the network computes them
     */
    public List<BrokenRule> rules() {
        return rules;
    }

    /**
     * One line: the rules, joined by "or", then why more than one is named or where, e.g.
     * {@code dW_2 = δ_2ᵀ·a_1 + λ·W_2 (the product or the L2 term)}; or {@code none named: } and why.
     *
     * @return the line
     */
    public String text() {
        if (rules.isEmpty()) {
            return "none named: " + note;
        }
        String named = rules.stream().map(BrokenRule::text).collect(Collectors.joining(" or "));
        return note == null ? named : named + "; " + note;
    }

    /** Whether the loss takes a softmax of the output, whose rule can then be the broken one. */
    private static boolean hasSoftmax(Loss loss) {
        return loss.match(builtIn -> switch (builtIn) {
            case SOFTMAX_CROSS_ENTROPY -> true;
            case MSE, HUBER, BCE_WITH_LOGITS, L1 -> false;
        }, custom -> false);
    }
}
