package parity.api;

/**
 * A fixture's optional {@code training} block: {@code steps} steps of its {@link Optimizer} from the
 * fixture's parameters, on every parameter (biases included), run by both sides and compared after every
 * step. Every setting but the optimiser, {@code learningRate} and {@code steps} is optional with torch's
 * default, so a block of those three alone is full-batch plain SGD, {@code θ ← θ - lr·dθ}.
 *
 * <p>Step k (from 0) takes its gradient on the rows {@code (k·b + i) mod N}, i = 0 … b-1, of the fixture's
 * samples, b = {@link #batchSize(int)}: the loss of that batch is the mean over its rows plus the L2 term.
 *
 * @param batchSize rows per step, or {@link #FULL_BATCH} for all N samples
 */
public record Training(Optimizer optimizer, double learningRate, int steps, int batchSize) {

    /** The most steps a fixture may ask for. */
    public static final int MAX_STEPS = 100_000;

    /** {@link #batchSize()} when every step takes all N samples. */
    public static final int FULL_BATCH = 0;

    /**
     * Full batch.
     *
     * @param optimizer the optimiser and its settings
     * @param learningRate lr
     * @param steps the number of steps, 1 to {@link #MAX_STEPS}
     */
    public Training(Optimizer optimizer, double learningRate, int steps) {
        this(optimizer, learningRate, steps, FULL_BATCH);
    }

    /**
     * The same run with mini-batches of {@code rows} rows.
     *
     * @param rows rows per step, or {@link #FULL_BATCH}
     * @return the run
     */
    public Training withBatchSize(int rows) {
        return new Training(optimizer, learningRate, steps, rows);
    }

    /**
     * The rows per step, b: {@link #batchSize()}, or all of the fixture's {@code samples}.
     *
     * @param samples the fixture's N
     * @return b
     */
    public int batchSize(int samples) {
        return batchSize == FULL_BATCH ? samples : batchSize;
    }

    /**
     * Whether this is full-batch plain SGD, {@code θ ← θ - lr·dθ}: no momentum, no weight decay.
     *
     * @param samples the fixture's N
     * @return true for plain full-batch SGD
     */
    public boolean plainSgd(int samples) {
        return optimizer.match(sgd -> sgd.momentum() == 0 && sgd.weightDecay() == 0, adam -> false)
                && fullBatch(samples);
    }

    /**
     * Whether every step takes all {@code samples} rows, in the fixture's order.
     *
     * @param samples the fixture's N
     * @return true when b = N
     */
    public boolean fullBatch(int samples) {
        return batchSize(samples) == samples;
    }

    /**
     * The optimiser and its settings in a few words, as reports head a training run: {@code sgd, lr 5.0} for
     * plain SGD, then each setting that is not torch's default, and the batch when it is not all N samples.
     *
     * @param samples the fixture's N
     * @return the settings as text
     */
    public String settings(int samples) {
        StringBuilder text = new StringBuilder(optimizer.jsonName()).append(", lr ").append(learningRate);
        text.append(optimizer.match(Training::sgdSettings, Training::adamSettings));
        if (optimizer.weightDecay() != 0) {
            text.append(", weight decay ").append(optimizer.weightDecay());
        }
        if (!fullBatch(samples)) {
            text.append(", batches of ").append(batchSize(samples)).append(" of ").append(samples);
        }
        return text.toString();
    }

    private static String sgdSettings(Optimizer.Sgd sgd) {
        StringBuilder text = new StringBuilder();
        if (sgd.momentum() != 0) {
            text.append(", momentum ").append(sgd.momentum());
        }
        if (sgd.dampening() != 0) {
            text.append(", dampening ").append(sgd.dampening());
        }
        if (sgd.nesterov()) {
            text.append(", nesterov");
        }
        return text.toString();
    }

    private static String adamSettings(Optimizer.Adam adam) {
        StringBuilder text = new StringBuilder();
        if (adam.beta1() != Optimizer.Adam.DEFAULT_BETA1 || adam.beta2() != Optimizer.Adam.DEFAULT_BETA2) {
            text.append(", betas ").append(adam.beta1()).append(", ").append(adam.beta2());
        }
        if (adam.eps() != Optimizer.Adam.DEFAULT_EPS) {
            text.append(", eps ").append(adam.eps());
        }
        if (adam.amsgrad()) {
            text.append(", amsgrad");
        }
        return text.toString();
    }

    /**
     * The rows of step k (from 0): {@code (k·b + i) mod N} for i = 0 … b-1.
     *
     * @param step k, from 0
     * @param samples the fixture's N
     * @return the b rows, in order
     */
    public int[] batchRows(int step, int samples) {
        int b = batchSize(samples);
        int[] rows = new int[b];
        for (int i = 0; i < b; i++) {
            rows[i] = (int) (((long) step * b + i) % samples);
        }
        return rows;
    }
}
