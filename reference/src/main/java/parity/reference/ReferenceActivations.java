package parity.reference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import parity.api.Activation;

/**
 * The reference's activations: each a forward in DJL {@link NDArray} ops on libtorch, which autograd
 * differentiates; no derivative is written here. The built-ins are registered exactly as a user's own:
 * <pre>
 * sigmoid     torch.sigmoid(z)
 * tanh        torch.tanh(z)
 * relu        torch.relu(z)
 * leaky_relu  torch.where(z &gt; 0, z, 0.01·z)       torch's F.leaky_relu: slope 0.01, gradient 0.01 at 0
 * softplus    torch.nn.functional.softplus(z)       β = 1, threshold 20
 * </pre>
 * (leaky_relu is written out because DJL passes its slope as a float, 0.009999999776 in float64.)
 *
 * <p>Constants in a forward are tensors made with {@code z.getManager().create(value)}, never Java
 * numbers passed to a DJL op: DJL builds such a number over Java memory and lets go of it as soon as the
 * op returns, while autograd keeps it for the backward; a garbage collection in between frees it, and
 * the backward reads whatever is there. leaky_relu's {@code z.mul(0.01)} did exactly that: its slope
 * came out as 0 in about one training run in a few hundred of a long soak (README: Determinism).
 * A manager's tensor lives until the manager closes, after the gradients have been read.
 * {@link #register} refuses a forward that reads freed memory ({@link FreedMemoryCheck}).
 * <p>This is the one public place of the project whose signature carries a DJL type: a new
 * activation's reference forward has to be written in the ops that libtorch can differentiate.
 */
public final class ReferenceActivations {

    private static final Map<String, UnaryOperator<NDArray>> FORWARD = new ConcurrentHashMap<>();

    static {
        FORWARD.put(Activation.SIGMOID.name(), ai.djl.nn.Activation::sigmoid);
        FORWARD.put(Activation.TANH.name(), ai.djl.nn.Activation::tanh);
        FORWARD.put(Activation.RELU.name(), ai.djl.nn.Activation::relu);
        FORWARD.put(Activation.LEAKY_RELU.name(), z -> NDArrays.where(z.gt(0), z, z.mul(z.getManager().create(0.01))));
        FORWARD.put(Activation.SOFTPLUS.name(), ai.djl.nn.Activation::softPlus);
    }

    private ReferenceActivations() {
    }

    /**
     * Adds an activation to the gate under {@code name}, for fixtures read from now on: its forward in
     * plain float64 Java (for finite differences), its forward in DJL ops (for the reference, which
     * autograd differentiates), and the points where it or its derivative jumps (finite differences
     * skip elements whose step crosses one). Your own network then brings its hand-written derivative,
     * and the gate checks it against both. Registering a name again replaces the earlier one.
     *
     * <p>The forward is run here twice, the second time with a garbage collection between its forward
     * and backward pass: one whose gradient changes then (a Java number passed to a DJL op, such as {@code z.mul(0.5)}; make
     * it {@code z.mul(z.getManager().create(0.5))}) is refused, since it would fail now and then at random.
     *
     * @throws IllegalArgumentException for a built-in name or a malformed one (see {@link Activation#register}),
     *     or a forward whose backward reads memory a garbage collection frees
     */
    public static void register(String name, DoubleUnaryOperator plainForward, UnaryOperator<NDArray> forward,
            double... kinks) {
        FreedMemoryCheck.require(name, forward);
        Activation.register(name, plainForward, kinks);
        FORWARD.put(name, forward);
    }

    /** f(z) on libtorch, recorded for autograd. */
    static NDArray apply(Activation activation, NDArray z) {
        UnaryOperator<NDArray> forward = FORWARD.get(activation.name());
        if (forward == null) {
            throw new IllegalArgumentException("the reference has no activation \"" + activation.name()
                    + "\": register it with ReferenceActivations.register");
        }
        return forward.apply(z);
    }
}
