package parity.api;

import java.util.function.Function;

/**
 * A network whose loss and gradients the gate checks against PyTorch: yours, this project's
 * hand-written {@code core}, or the reference itself. Only plain Java types cross this interface: a
 * {@link Fixture} in (its layers, activation, loss, l2, dtype, inputs, targets and parameters, each
 * tensor a {@link Tensor} whose {@link Tensor#rows()} and {@link Tensor#data()} give {@code double[][]}
 * and {@code double[]}), a {@link LossAndGradients} out.
 *
 * <p>The contract of {@link #lossAndGradients}: for the fixture's network at the fixture's parameters,
 * the total loss {@code J = data(z_L, t) + 0.5·l2·Σ_l ‖W_l‖²_F} and {@code ∂J/∂θ} for every parameter,
 * named {@code dW1, db1, dW2, …}, each with the shape of its parameter ({@code dW_l} out×in as
 * {@code W_l}, {@code db_l} a vector). Optionally the forward intermediates {@code z1, a1, …, zL} (and
 * {@code softmax} for cross-entropy): when they are given, a failure names the first quantity at which
 * the two networks part, forward or backward. Training parity is a second, opt-in capability:
 * {@link Trainable}.
 */
public interface Implementation {

    /**
     * Loss, gradients and, optionally, forward intermediates of the fixture's network; see the class comment.
     *
     * @param fixture the network, its parameters and its data
     * @return J, ∂J/∂θ for every parameter and, optionally, the forward intermediates
     */
    LossAndGradients lossAndGradients(Fixture fixture);

    /**
     * The short name that tables, failure messages and reports call it by: {@code core},
     * {@code reference}. Defaults to {@code candidate}.
     *
     * @return the name
     */
    default String name() {
        return "candidate";
    }

    /**
     * One line on what it is, for the tolerance sentence of failure messages.
     *
     * @return the line
     */
    default String description() {
        return "the implementation under test";
    }

    /**
     * Whether this implementation computes the fixture: its dtype, every hidden layer's activation, its
     * biases, and its loss with its options. Fixtures it does not are skipped and reported as such, never
     * passed. There is no default: a fixture whose activation or loss a network has never heard of would
     * reach it and fail for the adapter's fault (or, a leaky_relu taken for a relu, pass for the wrong
     * reason), so each implementation says what it handles, most simply with {@link Supports}:
     * {@code Supports.float64().activations("sigmoid", "tanh").losses("mse").test(fixture)}.
     *
     * @param fixture a fixture
     * @return true when this implementation computes it
     */
    boolean supports(Fixture fixture);

    /**
     * An implementation of every fixture (both dtypes, every activation and loss) from a function, named for
     * messages: for a function that computes any network, as a reference of your own does. A network that
     * handles less says so in {@link #supports}.
     *
     * @param name the name, as {@link #name()}
     * @param description one line on what it is, as {@link #description()}
     * @param gradients {@link #lossAndGradients} of a fixture
     * @return the implementation
     */
    static Implementation of(String name, String description, Function<Fixture, LossAndGradients> gradients) {
        return new FunctionImplementation(name, description, gradients);
    }
}
