package parity.compare;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of the network the gate checks, each written as docs/network.md's section "The network and its
 * math" writes it: the forward pass, the loss, backprop and the optimiser's update. A failure names
 * the rule whose output is the first wrong one ({@link Diagnosis}), at its layer: {@link #formula()}
 * is the rule for any layer ({@code dW_l = δ_lᵀ·a_{l-1} + λ·W_l}), {@link #at(int)} the same rule at
 * one ({@code dW_3 = δ_3ᵀ·a_2 + λ·W_3}).
 */
public enum NetworkRule {

    /** The linear map of a layer. */
    LINEAR("z_{l} = a_{l-1}·W_{l}ᵀ + b_{l}", "the linear map of layer {l}"),
    /** The activation of a hidden layer. */
    ACTIVATION("a_{l} = f(z_{l})", "the activation of layer {l}"),
    /** The softmax of the output layer, for cross-entropy. */
    SOFTMAX("softmax(z_{L}) = e^(z_{L} - m) / Σ e^(z_{L} - m)", "the output's softmax, m each row's maximum"),
    /** The data term of the loss. */
    DATA_LOSS("data(z_{L}, t)", "the loss value of the output against the targets"),
    /** The L2 term of the loss; biases are not regularised. */
    L2_PENALTY("0.5·λ·Σ_l ‖W_l‖²", "the L2 term of the loss"),
    /** The error signal of the output layer. */
    OUTPUT_DELTA("δ_{L} = ∂data/∂z_{L}", "the loss derivative, with its 1/N"),
    /** A weight gradient. */
    WEIGHT_GRADIENT("dW_{l} = δ_{l}ᵀ·a_{l-1} + λ·W_{l}", "the product or the L2 term"),
    /** A bias gradient. */
    BIAS_GRADIENT("db_{l} = Σ_rows δ_{l}", "the sum over samples, no L2 term"),
    /** The error signal of a hidden layer, backpropagated from the layer above. */
    HIDDEN_DELTA("δ_{l} = (δ_{l+1}·W_{l+1}) ⊙ f'(z_{l})", "the product with W_{l+1} or the activation derivative"),
    /** One step of full-batch plain SGD. */
    SGD_UPDATE("θ ← θ - lr·dθ", "the optimiser's update"),
    /** One step of any other training block: momentum, weight decay, Adam, AdamW, mini-batches. */
    OPTIMIZER_UPDATE("θ ← update(θ, dθ on batch B_k, state)",
            "the optimiser's update: its rule and state, or the rows of step k's batch"),
    /** How many steps training takes. */
    TRAINING_STEPS("k = 1 … steps", "the number of training steps");

    /** {@code {l}}, {@code {l-1}}, {@code {l+1}} or {@code {L}}: where a layer number goes. */
    private static final Pattern LAYER = Pattern.compile("\\{([lL])([+-]1)?}");

    private final String template;
    private final String meaning;

    NetworkRule(String template, String meaning) {
        this.template = template;
        this.meaning = meaning;
    }

    /**
     * The rule for any layer, in docs/network.md's notation: {@code dW_l = δ_lᵀ·a_{l-1} + λ·W_l}.
     *
     * @return the formula
     */
    public String formula() {
        return generic(template);
    }

    /**
     * What the rule computes, in words, for any layer: {@code the linear map of layer l}.
     *
     * @return the words
     */
    public String meaning() {
        return generic(meaning);
    }

    /**
     * The rule at layer {@code layer} with what it is in words, e.g. {@code dW_3 = δ_3ᵀ·a_2 + λ·W_3 (the
     * product or the L2 term)}; rules of no layer (the L2 term, the update) ignore {@code layer}.
     *
     * @param layer l, 1 to L
     * @return the rule and its words
     */
    public String at(int layer) {
        return substitute(template, layer) + " (" + substitute(meaning, layer) + ")";
    }

    private static String generic(String text) {
        return LAYER.matcher(text).replaceAll(m -> m.group(2) == null ? m.group(1)
                : Matcher.quoteReplacement("{" + m.group(1) + m.group(2) + "}"));
    }

    private static String substitute(String text, int layer) {
        return LAYER.matcher(text).replaceAll(m -> Integer.toString(
                m.group(2) == null ? layer : layer + Integer.parseInt(m.group(2))));
    }
}
