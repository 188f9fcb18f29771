package parity.api;

import java.util.function.Function;

/**
 * The optimiser of a fixture's {@link Training} block and its settings, each with torch's meaning and
 * default: {@link Sgd} ({@code torch.optim.SGD}) or {@link Adam} ({@code torch.optim.Adam}, and
 * {@code torch.optim.AdamW} when its weight decay is decoupled). A new optimiser is a new record here and
 * a new argument of {@link #match}, which then fails to compile wherever it is not handled.
 */
public sealed interface Optimizer permits Optimizer.Sgd, Optimizer.Adam {

    /**
     * The name as fixtures write it: {@code sgd}, {@code adam}, {@code adamw}.
     *
     * @return the name
     */
    String jsonName();

    /**
     * wd: sgd and adam add it to the gradient, {@code g + wd·θ}; adamw applies it to the parameter.
     *
     * @return wd, ≥ 0
     */
    double weightDecay();

    /**
     * What {@code sgd} or {@code adam} gives for this optimiser: every caller handles every optimiser.
     *
     * @param <R> what both give
     * @param sgd what to do with SGD
     * @param adam what to do with Adam or AdamW
     * @return what the one that applies gives
     */
    <R> R match(Function<Sgd, R> sgd, Function<Adam, R> adam);

    /**
     * {@code torch.optim.SGD}.
     *
     * @param momentum μ ≥ 0 (0: no momentum buffer)
     * @param dampening τ in [0, 1]
     * @param nesterov the look-ahead {@code g + μ·buf} in place of {@code buf}; needs μ &gt; 0 and τ = 0
     * @param weightDecay added to the gradient, {@code g + wd·θ}
     */
    record Sgd(double momentum, double dampening, boolean nesterov, double weightDecay) implements Optimizer {

        /** Plain SGD, {@code θ ← θ - lr·dθ}. */
        public static final Sgd PLAIN = new Sgd(0, 0, false, 0);

        @Override
        public String jsonName() {
            return "sgd";
        }

        @Override
        public <R> R match(Function<Sgd, R> sgd, Function<Adam, R> adam) {
            return sgd.apply(this);
        }
    }

    /**
     * {@code torch.optim.Adam}, or {@code torch.optim.AdamW} when {@code decoupled}.
     *
     * @param beta1 β1 in [0, 1)
     * @param beta2 β2 in [0, 1)
     * @param eps ε &gt; 0, added to the square root, {@code √v̂ + ε}
     * @param weightDecay adam: added to the gradient, {@code g + wd·θ}; adamw: {@code θ ← θ - lr·wd·θ}
     * @param amsgrad divide by the running maximum of v instead of v
     * @param decoupled AdamW: the weight decay applied to the parameter, not added to the gradient
     */
    record Adam(double beta1, double beta2, double eps, double weightDecay, boolean amsgrad, boolean decoupled)
            implements Optimizer {

        /** torch's defaults for what a block leaves out. */
        public static final double DEFAULT_BETA1 = 0.9;
        /**
         * torch's default β2.
         */
        public static final double DEFAULT_BETA2 = 0.999;
        /**
         * torch's default ε.
         */
        public static final double DEFAULT_EPS = 1e-8;
        /** torch's default weight decay of AdamW; Adam's is 0. */
        public static final double DEFAULT_ADAMW_WEIGHT_DECAY = 0.01;

        /**
         * {@code torch.optim.Adam()} with its defaults.
         *
         * @return Adam, β1 0.9, β2 0.999, ε 1e-8, no weight decay
         */
        public static Adam adam() {
            return new Adam(DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS, 0, false, false);
        }

        /**
         * {@code torch.optim.AdamW()} with its defaults.
         *
         * @return AdamW, β1 0.9, β2 0.999, ε 1e-8, weight decay 0.01
         */
        public static Adam adamW() {
            return new Adam(DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS, DEFAULT_ADAMW_WEIGHT_DECAY, false, true);
        }

        @Override
        public String jsonName() {
            return decoupled ? "adamw" : "adam";
        }

        @Override
        public <R> R match(Function<Sgd, R> sgd, Function<Adam, R> adam) {
            return adam.apply(this);
        }
    }
}
