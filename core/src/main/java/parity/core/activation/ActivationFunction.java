package parity.core.activation;

import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import parity.api.Activation;

/** A hidden layer's nonlinearity a = f(z) and its derivative f'(z), elementwise. */
public interface ActivationFunction {

    /** a = f(z), as a new array. */
    INDArray apply(INDArray z);

    /** f'(z), given both z and a = f(z), so each function can use whichever its derivative is written in. */
    INDArray derivative(INDArray z, INDArray a);

    /** Core's own activations, by the names fixtures use. */
    Map<String, Supplier<ActivationFunction>> BUILT_IN = Map.of(
            Activation.SIGMOID.name(), Sigmoid::new,
            Activation.TANH.name(), Tanh::new,
            Activation.RELU.name(), Relu::new,
            Activation.LEAKY_RELU.name(), LeakyRelu::new,
            Activation.SOFTPLUS.name(), Softplus::new);

    /** Whether core has this activation: the built-ins only, not one registered by a user. */
    static boolean isBuiltIn(Activation activation) {
        return BUILT_IN.containsKey(activation.name());
    }

    /** @throws IllegalArgumentException for an activation core does not have */
    static ActivationFunction of(Activation activation) {
        Supplier<ActivationFunction> function = BUILT_IN.get(activation.name());
        if (function == null) {
            throw new IllegalArgumentException("core has no activation \"" + activation.name() + "\"");
        }
        return function.get();
    }
}
