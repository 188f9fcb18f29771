package parity.compare;

/**
 * One rule of the network named as broken, at its layer ({@code dW_3 = δ_3ᵀ·a_2 + λ·W_3}).
 *
 * @param layer the layer the rule is at; 0 when the evidence does not say which (a forward pass that
 *     was not compared), and ignored by rules of no layer (the L2 term, the optimiser's update)
 */
public record BrokenRule(NetworkRule rule, int layer) {

    /**
     * The rule with what it is in words, at its layer, or for any layer l when the layer is 0.
     *
     * @return the rule and its words
     */
    public String text() {
        return layer > 0 ? rule.at(layer) : rule.formula() + " (" + rule.meaning() + ")";
    }
}
