package parity.api;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToDoubleBiFunction;

/**
 * The data loss of the output layer's z_L against the targets; the L2 penalty on the weights is added to
 * it. Either one of the {@link BuiltIn} losses, each as torch.nn.functional computes it, or a {@link Custom}
 * one that a user's tests pass to the gate. Here a loss is only its value in float64: the finite-difference
 * oracle needs nothing else; each implementation brings its own derivative dL/dz_L.
 */
public sealed interface Loss permits Loss.BuiltIn, Loss.Custom {

    /**
     * The name as fixtures write it: {@code mse}, {@code bce_with_logits}.
     *
     * @return the name
     */
    String jsonName();

    /**
     * What the fixture's targets are for this loss.
     *
     * @return class indices or an N×D_out matrix
     */
    Targets.Kind targetKind();

    /**
     * {@code builtIn} of a built-in loss, {@code custom} of a user's own.
     *
     * @param <R> what both give
     * @param builtIn what to do with a built-in loss
     * @param custom what to do with a user's own
     * @return what the one that applies gives
     */
    <R> R match(Function<BuiltIn, ? extends R> builtIn, Function<Custom, ? extends R> custom);

    /** The losses every fixture may name. */
    enum BuiltIn implements Loss {
        /**
         * The mean over samples of -log softmax(z)[target], as torch's cross_entropy; targets are class
         * indices. With {@link LossOptions#classWeights() class weights} w and
         * {@link LossOptions#labelSmoothing() label smoothing} ε, as torch combines them: the sum over samples
         * and classes of a_nc·(-log softmax(z_n)_c), a_nc = (1 - ε)·w_{y_n}·[c = y_n] + (ε/C)·w_c, divided by
         * Σ_n w_{y_n} (w = 1 without weights, so by N). Options in format 1.2.
         */
        SOFTMAX_CROSS_ENTROPY("softmax_cross_entropy", Targets.Kind.CLASS_LABELS),
        /**
         * mean (or, with {@link LossOptions#reduction() reduction} sum, the sum) over all N·D_out elements of
         * (ŷ - t)², as torch's mse_loss; targets are an N×D_out matrix.
         */
        MSE("mse", Targets.Kind.VALUES),
        /**
         * mean over all N·D_out elements of h(ŷ - t), h(d) = d²/2 for |d| &lt; δ, else δ·(|d| - δ/2), as torch's
         * huber_loss with its {@link LossOptions#delta() delta}; targets an N×D_out matrix. Format 1.2.
         */
        HUBER("huber", Targets.Kind.VALUES),
        /**
         * mean over all N·D_out elements of {@code (1 - t)·z + w·(log(1 + e^-|z|) + max(-z, 0))}, w = 1 + (p - 1)·t
         * with p the output's {@link LossOptions#posWeight() pos_weight} (1 without), as torch's
         * binary_cross_entropy_with_logits; targets an N×D_out matrix of values in [0, 1]. Format 1.2.
         */
        BCE_WITH_LOGITS("bce_with_logits", Targets.Kind.VALUES),
        /**
         * mean over all N·D_out elements of |ŷ - t|, as torch's l1_loss; targets an N×D_out matrix. |d| has a
         * kink at d = 0, where torch's derivative is sign(0) = 0. Format 1.2.
         */
        L1("l1", Targets.Kind.VALUES);

        private final String jsonName;
        private final Targets.Kind targetKind;

        BuiltIn(String jsonName, Targets.Kind targetKind) {
            this.jsonName = jsonName;
            this.targetKind = targetKind;
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
        public Targets.Kind targetKind() {
            return targetKind;
        }

        @Override
        public <R> R match(Function<BuiltIn, ? extends R> builtIn, Function<Custom, ? extends R> custom) {
            return builtIn.apply(this);
        }

        @Override
        public String toString() {
            return jsonName;
        }
    }

    /**
     * A loss of a user's own, valid in the fixtures of the checks it is passed to: its value in plain float64
     * Java, a smooth function of z_L (finite differences step across it freely).
     *
     * @param jsonName lower-case letters, digits and underscores, starting with a letter; not a built-in name
     * @param targetKind class indices or an N×D_out matrix
     * @param function the data loss of z_L (N×D_out, float64) against the fixture's targets, reduced to a number
     */
    record Custom(String jsonName, Targets.Kind targetKind, ToDoubleBiFunction<Tensor, Targets> function)
            implements Loss {

        /**
         * @param jsonName the name, as the fixtures that use it write it
         * @param targetKind class indices or an N×D_out matrix
         * @param function the data loss of z_L against the targets, in float64
         * @throws IllegalArgumentException for a built-in name, or a name that is not lower-case letters,
         *     digits and underscores
         */
        public Custom {
            OwnName.require("loss", jsonName, BuiltIn.named(jsonName).isPresent());
        }

        /**
         * The data loss of {@code output} (z_L, N×D_out) against {@code targets}.
         *
         * @param output z_L, N×D_out, in float64
         * @param targets the fixture's targets
         * @return the loss
         */
        public double value(Tensor output, Targets targets) {
            return function.applyAsDouble(output, targets);
        }

        @Override
        public <R> R match(Function<BuiltIn, ? extends R> builtIn, Function<Custom, ? extends R> custom) {
            return custom.apply(this);
        }

        @Override
        public String toString() {
            return jsonName;
        }
    }
}
