package parity.dl4j;

import java.util.Optional;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftPlus;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import parity.api.Activation;

/**
 * The DL4J activation of a hidden {@code DenseLayer} for each activation a fixture may name:
 * <pre>
 * sigmoid      ActivationSigmoid    σ(z) = 1 / (1 + e^-z)
 * tanh         ActivationTanH       tanh(z)
 * relu         ActivationReLU       max(0, z)               (no max, threshold or negative slope: Activation.RELU)
 * leaky_relu   ActivationLReLU      z for z &gt; 0, else α·z   α = 0.01, DL4J's default as torch's (Activation.LEAKYRELU)
 * softplus     ActivationSoftPlus   log(1 + e^z)            DL4J has no threshold: torch returns z itself above 20
 * </pre>
 * An activation of a user's own ({@link Activation.Custom}) has none: DL4J would need a Java {@code IActivation}
 * with its own derivative, which is the user's to write, not this adapter's.
 */
final class HiddenActivation {

    private HiddenActivation() {
    }

    static Optional<IActivation> of(Activation activation) {
        if (!(activation instanceof Activation.BuiltIn builtIn)) {
            return Optional.empty();
        }
        return Optional.of(switch (builtIn) {
            case SIGMOID -> new ActivationSigmoid();
            case TANH -> new ActivationTanH();
            case RELU -> new ActivationReLU();
            case LEAKY_RELU -> new ActivationLReLU(0.01);
            case SOFTPLUS -> new ActivationSoftPlus();
        });
    }
}
