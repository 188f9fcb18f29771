package parity.core.activation;

import org.nd4j.linalg.api.ndarray.INDArray;
import parity.fixtures.Activation;

/** A hidden layer's nonlinearity a = f(z) and its derivative f'(z), elementwise. */
public interface ActivationFunction {

    /** a = f(z), as a new array. */
    INDArray apply(INDArray z);

    /** f'(z), given both z and a = f(z), so each function can use whichever its derivative is written in. */
    INDArray derivative(INDArray z, INDArray a);

    static ActivationFunction of(Activation activation) {
        return switch (activation) {
            case SIGMOID -> new Sigmoid();
            case TANH -> new Tanh();
            case RELU -> new Relu();
        };
    }
}
