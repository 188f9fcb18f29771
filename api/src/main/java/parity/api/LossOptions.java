package parity.api;

/**
 * The settings of a fixture's loss, each with torch's meaning and default (format 1.2's loss object,
 * {@code {"name": "huber", "delta": 0.5}}); a loss ignores those that are not its own.
 *
 * @param delta huber: δ &gt; 0, where the loss turns from quadratic to linear (torch's {@code delta}, 1.0)
 * @param posWeight bce_with_logits: a weight ≥ 0 per output for its positive term (torch's {@code pos_weight}),
 *     or null for none (every weight 1)
 * @param reduction mse: the mean over all elements (torch's default) or their sum
 * @param labelSmoothing softmax_cross_entropy: ε in [0, 1], the share of each target spread evenly over the
 *     classes (torch's {@code label_smoothing}, 0)
 * @param classWeights softmax_cross_entropy: a weight ≥ 0 per class (torch's {@code weight}), or null for none
 *     (every weight 1)
 */
public record LossOptions(double delta, double[] posWeight, Reduction reduction, double labelSmoothing,
        double[] classWeights) {

    /** torch's defaults. */
    public static final LossOptions DEFAULTS = new LossOptions(1.0, null, Reduction.MEAN, 0, null);

    /**
     * Copies the arrays, so that the options cannot change under their holder.
     *
     * @param delta huber's δ
     * @param posWeight bce_with_logits' weight per output, or null
     * @param reduction mse's reduction
     * @param labelSmoothing softmax_cross_entropy's ε
     * @param classWeights softmax_cross_entropy's weight per class, or null
     */
    public LossOptions {
        posWeight = posWeight == null ? null : posWeight.clone();
        classWeights = classWeights == null ? null : classWeights.clone();
    }

    /**
     * bce_with_logits' weight per output for its positive term.
     *
     * @return a copy, or null for none
     */
    @Override
    public double[] posWeight() {
        return posWeight == null ? null : posWeight.clone();
    }

    /**
     * pos_weight of output {@code column}: 1 without any.
     *
     * @param column the output, 0 to D_out - 1
     * @return its weight p
     */
    public double posWeight(int column) {
        return posWeight == null ? 1 : posWeight[column];
    }

    /**
     * softmax_cross_entropy's weight per class.
     *
     * @return a copy, or null for none
     */
    @Override
    public double[] classWeights() {
        return classWeights == null ? null : classWeights.clone();
    }

    /**
     * The weight of class {@code c}: 1 without any.
     *
     * @param c the class, 0 to C - 1
     * @return w_c
     */
    public double classWeight(int c) {
        return classWeights == null ? 1 : classWeights[c];
    }

    /**
     * softmax_cross_entropy's weight of class {@code c} in the target of a sample of class {@code label}, as torch's
     * cross_entropy combines class weights w and label smoothing ε: a = (1 - ε)·w_label·[c = label] + (ε/C)·w_c
     * (onehot(label) by default). Part of the loss's definition, as {@link #posWeight(int)} is; PyTorch's recorded
     * values, from torch's own cross_entropy, check it.
     *
     * @param label the sample's class
     * @param c a class, 0 to C - 1
     * @param classes C
     * @return a
     */
    public double targetWeight(int label, int c, int classes) {
        return (c == label ? (1 - labelSmoothing) * classWeight(c) : 0) + labelSmoothing / classes * classWeight(c);
    }

    /**
     * What softmax_cross_entropy's mean divides by, as torch's does: W = Σ_n w[y_n], summed in order (N without
     * class weights).
     *
     * @param labels the samples' classes
     * @return W
     */
    public double totalWeight(int[] labels) {
        double total = 0;
        for (int label : labels) {
            total += classWeight(label);
        }
        return total;
    }

    /** How mse reduces its elements, as torch's {@code reduction}. */
    public enum Reduction {
        /**
         * The mean over all N·D_out elements, torch's default.
         */
        MEAN("mean"),
        /**
         * The sum over all N·D_out elements.
         */
        SUM("sum");

        private final String jsonName;

        Reduction(String jsonName) {
            this.jsonName = jsonName;
        }

        /**
         * The name as fixtures write it: {@code mean} or {@code sum}.
         *
         * @return the name
         */
        public String jsonName() {
            return jsonName;
        }
    }
}
