package parity.core.activation;

import org.nd4j.linalg.api.ndarray.INDArray;
import parity.api.Activation;

/** A hidden layer's nonlinearity a = f(z) and its derivative f'(z), elementwise. */
public interface ActivationFunction {

    /** a = f(z), as a new array. */
    INDArray apply(INDArray z);

    /** f'(z), given both z and a = f(z), so each function can use whichever its derivative is written in. */
    INDArray derivative(INDArray z, INDArray a);

    /** Whether core has this activation: the built-ins only, not a user's own. */
    static boolean isBuiltIn(Activation activation) {
        return activation instanceof Activation.BuiltIn;
    }

    /** @throws IllegalArgumentException for an activation core does not have */
    static ActivationFunction of(Activation activation) {
        if (!(activation instanceof Activation.BuiltIn builtIn)) {
            throw new IllegalArgumentException("core has no activation \"" + activation.jsonName() + "\"");
        }
        return switch (builtIn) {
            case SIGMOID -> new Sigmoid();
            case TANH -> new Tanh();
            case RELU -> new Relu();
            case LEAKY_RELU -> new LeakyRelu();
            case SOFTPLUS -> new Softplus();
        };
    }
}
