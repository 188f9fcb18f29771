package parity.api;

/** The data loss; the L2 penalty on the weights is added to it. Each as torch.nn.functional computes it. */
public enum Loss {
    /** mean over samples of -log softmax(z)[target]; targets are class indices. */
    SOFTMAX_CROSS_ENTROPY("softmax_cross_entropy"),
    /**
     * mean (or, with {@link LossOptions#reduction() reduction} sum, the sum) over all N·D_out elements of
     * (ŷ - t)², as torch's mse_loss; targets are an N×D_out matrix.
     */
    MSE("mse"),
    /**
     * mean over all N·D_out elements of h(ŷ - t), h(d) = d²/2 for |d| &lt; δ, else δ·(|d| - δ/2), as torch's
     * huber_loss with its {@link LossOptions#delta() delta}; targets an N×D_out matrix. Format 1.2.
     */
    HUBER("huber"),
    /**
     * mean over all N·D_out elements of {@code (1 - t)·z + w·(log(1 + e^-|z|) + max(-z, 0))}, w = 1 + (p - 1)·t
     * with p the output's {@link LossOptions#posWeight() pos_weight} (1 without), as torch's
     * binary_cross_entropy_with_logits; targets an N×D_out matrix of values in [0, 1]. Format 1.2.
     */
    BCE_WITH_LOGITS("bce_with_logits");

    private final String jsonName;

    Loss(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }
}
