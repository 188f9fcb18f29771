package parity.api;

import java.util.List;

/**
 * A fixture's optional {@code training} block: {@code steps} steps of {@code torch.optim.SGD},
 * {@code torch.optim.Adam} or {@code torch.optim.AdamW} from the fixture's parameters, on every
 * parameter (biases included), run by both sides and compared after every step. Every setting but
 * {@code optimizer}, {@code learningRate} and {@code steps} is optional with torch's default, so a block of
 * those three alone is full-batch plain SGD, {@code θ ← θ - lr·dθ}.
 *
 * <p>Step k (from 0) takes its gradient on the rows {@code (k·b + i) mod N}, i = 0 … b-1, of the fixture's
 * samples, b = {@link #batchSize(int)}: the loss of that batch is the mean over its rows plus the L2 term.
 *
 * @param momentum sgd: μ ≥ 0 (0: no momentum buffer)
 * @param dampening sgd: τ in [0, 1]
 * @param nesterov sgd: the look-ahead {@code g + μ·buf} in place of {@code buf}; needs μ &gt; 0 and τ = 0
 * @param weightDecay sgd and adam: added to the gradient, {@code g + wd·θ}; adamw: applied to the parameter,
 *     {@code θ ← θ - lr·wd·θ}
 * @param beta1 adam, adamw: β1 in [0, 1)
 * @param beta2 adam, adamw: β2 in [0, 1)
 * @param eps adam, adamw: ε &gt; 0, added to the square root, {@code √v̂ + ε}
 * @param amsgrad adam, adamw: divide by the running maximum of v instead of v
 * @param batchSize rows per step, or {@link #FULL_BATCH} for all N samples
 */
public record Training(String optimizer, double learningRate, int steps, double momentum, double dampening,
        boolean nesterov, double weightDecay, double beta1, double beta2, double eps, boolean amsgrad,
        int batchSize) {

    public static final String SGD = "sgd";
    public static final String ADAM = "adam";
    public static final String ADAMW = "adamw";

    /** The optimisers a fixture may name. */
    public static final List<String> OPTIMIZERS = List.of(SGD, ADAM, ADAMW);

    /** The most steps a fixture may ask for. */
    public static final int MAX_STEPS = 100_000;

    /** {@link #batchSize()} when every step takes all N samples. */
    public static final int FULL_BATCH = 0;

    /** torch's defaults for what the block leaves out. */
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPS = 1e-8;

    /** Full-batch {@code optimizer} with torch's defaults for everything else. */
    public Training(String optimizer, double learningRate, int steps) {
        this(optimizer, learningRate, steps, 0, 0, false, defaultWeightDecay(optimizer), DEFAULT_BETA1, DEFAULT_BETA2,
                DEFAULT_EPS, false, FULL_BATCH);
    }

    /** torch's default weight decay: 0.01 for AdamW, 0 for SGD and Adam. */
    public static double defaultWeightDecay(String optimizer) {
        return ADAMW.equals(optimizer) ? 0.01 : 0;
    }

    /** The same run with mini-batches of {@code rows} rows. */
    public Training withBatchSize(int rows) {
        return new Training(optimizer, learningRate, steps, momentum, dampening, nesterov, weightDecay, beta1, beta2,
                eps, amsgrad, rows);
    }

    /** The rows per step, b: {@link #batchSize()}, or all of the fixture's {@code samples}. */
    public int batchSize(int samples) {
        return batchSize == FULL_BATCH ? samples : batchSize;
    }

    /** Whether this is full-batch plain SGD, {@code θ ← θ - lr·dθ}: no momentum, no weight decay. */
    public boolean plainSgd(int samples) {
        return optimizer.equals(SGD) && momentum == 0 && weightDecay == 0 && fullBatch(samples);
    }

    /** Whether every step takes all {@code samples} rows, in the fixture's order. */
    public boolean fullBatch(int samples) {
        return batchSize(samples) == samples;
    }

    /**
     * The optimiser and its settings in a few words, as reports head a training run: {@code sgd, lr 5.0} for
     * plain SGD, then each setting that is not torch's default, and the batch when it is not all N samples.
     */
    public String settings(int samples) {
        StringBuilder text = new StringBuilder(optimizer).append(", lr ").append(learningRate);
        if (momentum != 0) {
            text.append(", momentum ").append(momentum);
        }
        if (dampening != 0) {
            text.append(", dampening ").append(dampening);
        }
        if (nesterov) {
            text.append(", nesterov");
        }
        if (!optimizer.equals(SGD) && (beta1 != DEFAULT_BETA1 || beta2 != DEFAULT_BETA2)) {
            text.append(", betas ").append(beta1).append(", ").append(beta2);
        }
        if (!optimizer.equals(SGD) && eps != DEFAULT_EPS) {
            text.append(", eps ").append(eps);
        }
        if (amsgrad) {
            text.append(", amsgrad");
        }
        if (weightDecay != 0) {
            text.append(", weight decay ").append(weightDecay);
        }
        if (!fullBatch(samples)) {
            text.append(", batches of ").append(batchSize(samples)).append(" of ").append(samples);
        }
        return text.toString();
    }

    /** The rows of step k (from 0): {@code (k·b + i) mod N} for i = 0 … b-1. */
    public int[] batchRows(int step, int samples) {
        int b = batchSize(samples);
        int[] rows = new int[b];
        for (int i = 0; i < b; i++) {
            rows[i] = (int) (((long) step * b + i) % samples);
        }
        return rows;
    }
}
