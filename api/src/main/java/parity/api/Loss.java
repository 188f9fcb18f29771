package parity.api;

/** The data loss; the L2 penalty on the weights is added to it. Each as torch.nn.functional computes it. */
public enum Loss {
    /** mean over samples of -log softmax(z)[target]; targets are class indices. */
    SOFTMAX_CROSS_ENTROPY("softmax_cross_entropy"),
    /** mean over all N·D_out elements of (ŷ - t)², as torch's mse_loss; targets are an N×D_out matrix. */
    MSE("mse"),
    /**
     * mean over all N·D_out elements of h(ŷ - t), h(d) = d²/2 for |d| &lt; δ, else δ·(|d| - δ/2), as torch's
     * huber_loss with its {@link LossOptions#delta() delta}; targets an N×D_out matrix. Format 1.2.
     */
    HUBER("huber");

    private final String jsonName;

    Loss(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }
}
