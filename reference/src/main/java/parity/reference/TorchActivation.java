package parity.reference;

import ai.djl.ndarray.NDArray;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import parity.api.Activation;

/**
 * An activation of your own, as the gate needs it: its forward in plain float64 Java (for finite
 * differences), its forward in DJL ops (for the reference, which autograd differentiates), and the points
 * where it or its derivative jumps (finite differences skip elements whose step crosses one). Your own
 * network brings its hand-written derivative, and the gate checks it against both. Pass it to the checks
 * whose fixtures name it ({@code ParitySuite.with}, {@code ParityAssertions}); nothing is registered
 * globally, so one test's activation never leaks into another's.
 *
 * <p>Constants in a DJL forward are tensors made with {@code z.getManager().create(value)}, never Java
 * numbers passed to a DJL op: DJL builds such a number over Java memory and lets go of it as soon as the op
 * returns, while autograd keeps it for the backward; a garbage collection in between frees it, and the
 * backward reads whatever is there. {@link #of} refuses such a forward ({@link FreedMemoryCheck}).
 *
 * <p>This and {@link TorchLoss} are the two public places of the project whose signatures carry a DJL type: a
 * new activation's or loss's reference forward has to be written in the ops that libtorch can differentiate.
 *
 * @param activation the name, the plain forward and the kinks, as fixtures and finite differences see it
 * @param forward f(z) on libtorch, recorded for autograd
 */
public record TorchActivation(Activation.Custom activation, UnaryOperator<NDArray> forward) implements TorchFunction {

    /**
     * The activation {@code name}, its forward run here twice, the second time with a garbage collection
     * between its forward and backward pass: one whose gradient changes then (a Java number passed to a DJL
     * op, such as {@code z.mul(0.5)}; make it {@code z.mul(z.getManager().create(0.5))}) is refused, since it
     * would fail now and then at random.
     *
     * @param name the name fixtures give it (see {@link Activation.Custom})
     * @param plainForward f(z) in float64
     * @param forward f(z) on libtorch, elementwise, in z's dtype
     * @param kinks the points where f or f' is discontinuous, in any order
     * @return the activation
     * @throws IllegalArgumentException for a built-in name or a malformed one (see {@link Activation.Custom}),
     *     or a forward whose backward reads memory a garbage collection frees
     */
    public static TorchActivation of(String name, DoubleUnaryOperator plainForward, UnaryOperator<NDArray> forward,
            double... kinks) {
        Activation.Custom activation = new Activation.Custom(name, plainForward, kinks);
        FreedMemoryCheck.require("activation \"" + name + "\"", FreedMemoryCheck.PROBE, forward);
        return new TorchActivation(activation, forward);
    }

    @Override
    public String name() {
        return activation.jsonName();
    }
}
