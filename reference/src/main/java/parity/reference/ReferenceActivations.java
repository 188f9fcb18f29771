package parity.reference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import java.util.List;
import parity.api.Activation;

/**
 * The reference's activations: each a forward in DJL {@link NDArray} ops on libtorch, which autograd
 * differentiates; no derivative is written here.
 * <pre>
 * sigmoid     torch.sigmoid(z)
 * tanh        torch.tanh(z)
 * relu        torch.relu(z)
 * leaky_relu  torch.where(z &gt; 0, z, 0.01·z)       torch's F.leaky_relu: slope 0.01, gradient 0.01 at 0
 * softplus    torch.nn.functional.softplus(z)       β = 1, threshold 20
 * </pre>
 * (leaky_relu is written out because DJL passes its slope as a float, 0.009999999776 in float64, and its
 * slope is a tensor of the manager because a Java number would be freed before the backward reads it:
 * see {@link TorchActivation}.) A user's own activation is one of the {@link TorchActivation}s the
 * reference was given.
 */
final class ReferenceActivations {

    private ReferenceActivations() {
    }

    /** f(z) on libtorch, recorded for autograd. */
    static NDArray apply(Activation activation, List<TorchActivation> custom, NDArray z) {
        if (activation instanceof Activation.BuiltIn builtIn) {
            return switch (builtIn) {
                case SIGMOID -> ai.djl.nn.Activation.sigmoid(z);
                case TANH -> ai.djl.nn.Activation.tanh(z);
                case RELU -> ai.djl.nn.Activation.relu(z);
                case LEAKY_RELU -> NDArrays.where(z.gt(0), z, z.mul(z.getManager().create(0.01)));
                case SOFTPLUS -> ai.djl.nn.Activation.softPlus(z);
            };
        }
        return custom.stream().filter(own -> own.activation() == activation).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the reference has no activation \""
                        + activation.jsonName() + "\": pass its TorchActivation to the check"))
                .forward().apply(z);
    }
}
