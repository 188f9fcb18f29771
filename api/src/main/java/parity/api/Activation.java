package parity.api;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;

/**
 * The nonlinearity of the hidden layers; the output layer is always linear before the loss. Either one of
 * the {@link BuiltIn} activations, each with torch's definition, or a {@link Custom} one that a user's
 * tests pass to the gate. Here an activation is only its forward, elementwise, in float64: the
 * finite-difference oracle needs nothing else; each implementation brings its own forward and derivative.
 * {@link #kinks()} are the points where f or f' jumps: a finite difference across one means nothing, so
 * the oracle skips such elements and says so.
 */
public sealed interface Activation permits Activation.BuiltIn, Activation.Custom {

    /**
     * The name as fixtures write it: {@code sigmoid}, {@code leaky_relu}.
     *
     * @return the name
     */
    String jsonName();

    /**
     * f(z) in float64.
     *
     * @param z the pre-activation
     * @return f(z)
     */
    double apply(double z);

    /**
     * The points where f or f' is discontinuous, in increasing order; empty for a smooth function.
     *
     * @return the kinks, a copy
     */
    double[] kinks();

    /**
     * Which piece of f a value lies on: the number of kinks strictly below it.
     *
     * @param z the pre-activation
     * @return 0 below the first kink, up to the number of kinks above the last
     */
    default int piece(double z) {
        double[] kinks = kinks();
        int below = 0;
        while (below < kinks.length && z > kinks[below]) {
            below++;
        }
        return below;
    }

    /**
     * The activations every fixture may name:
     * <pre>
     * sigmoid      σ(z) = 1 / (1 + e^-z)
     * tanh         tanh(z)
     * relu         max(0, z)                                   kink at 0
     * leaky_relu   z for z &gt; 0, else 0.01·z                     kink at 0 (torch's default slope)
     * softplus     z for z &gt; 20, else log(1 + e^z)             β = 1, threshold 20, as torch's; seam at 20
     * </pre>
     */
    enum BuiltIn implements Activation {
        /**
         * σ(z) = 1 / (1 + e^-z).
         */
        SIGMOID("sigmoid", z -> 1 / (1 + Math.exp(-z))),
        /**
         * tanh(z).
         */
        TANH("tanh", Math::tanh),
        /**
         * max(0, z), with a kink at 0.
         */
        RELU("relu", z -> Math.max(0, z), 0),
        /**
         * z for z &gt; 0, else 0.01·z, with a kink at 0.
         */
        LEAKY_RELU("leaky_relu", z -> z > 0 ? z : 0.01 * z, 0),
        /**
         * z for z &gt; 20, else log(1 + e^z), with a seam at 20.
         */
        SOFTPLUS("softplus", z -> z > 20 ? z : Math.log1p(Math.exp(z)), 20);

        private final String jsonName;
        private final DoubleUnaryOperator function;
        private final double[] kinks;

        BuiltIn(String jsonName, DoubleUnaryOperator function, double... kinks) {
            this.jsonName = jsonName;
            this.function = function;
            this.kinks = kinks;
        }

        /**
         * The built-in a fixture names, if any.
         *
         * @param name the name as fixtures write it
         * @return the built-in of that name, or empty
         */
        public static Optional<BuiltIn> named(String name) {
            return Arrays.stream(values()).filter(b -> b.jsonName.equals(name)).findFirst();
        }

        @Override
        public String jsonName() {
            return jsonName;
        }

        @Override
        public double apply(double z) {
            return function.applyAsDouble(z);
        }

        @Override
        public double[] kinks() {
            return kinks.clone();
        }

        @Override
        public String toString() {
            return jsonName;
        }
    }

    /**
     * An activation of a user's own, valid in the fixtures of the checks it is passed to: its forward in
     * plain float64 Java and the points where it or its derivative jumps, in any order.
     *
     * @param jsonName lower-case letters, digits and underscores, starting with a letter; not a built-in name
     */
    record Custom(String jsonName, DoubleUnaryOperator function, double[] kinks) implements Activation {

        /**
         * @param jsonName the name, as the fixtures that use it write it
         * @param function f, in float64
         * @param kinks the points where f or f' is discontinuous, in any order (kept sorted)
         * @throws IllegalArgumentException for a built-in name, or a name that is not lower-case letters,
         *     digits and underscores
         */
        public Custom {
            OwnName.require("activation", jsonName, BuiltIn.named(jsonName).isPresent());
            kinks = kinks.clone();
            Arrays.sort(kinks);
        }

        @Override
        public double apply(double z) {
            return function.applyAsDouble(z);
        }

        @Override
        public double[] kinks() {
            return kinks.clone();
        }

        @Override
        public String toString() {
            return jsonName;
        }
    }
}
