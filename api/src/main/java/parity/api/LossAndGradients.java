package parity.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What each implementation returns for a fixture: the total loss, the gradient of it with respect to
 * every parameter, named {@code dW1, db1, dW2, …} with the shapes of {@code W1, b1, W2, …}, and the
 * forward intermediates it computed on the way, in forward order: {@code z1, a1, …, zL} and, for
 * cross-entropy, {@code softmax}; empty for an implementation that has none (finite differences).
 */
public record LossAndGradients(double loss, Map<String, Tensor> gradients, Map<String, Tensor> forward) {

    /**
     * Copies both maps, keeping their order, so that they cannot change under their holder.
     *
     * @param loss the total loss J
     * @param gradients dW1, db1, … by name
     * @param forward z1, a1, …, zL (and softmax) by name, in forward order; empty for none
     */
    public LossAndGradients {
        gradients = Collections.unmodifiableMap(new LinkedHashMap<>(gradients));
        forward = Collections.unmodifiableMap(new LinkedHashMap<>(forward));
    }

    /**
     * Without forward intermediates.
     *
     * @param loss the total loss J
     * @param gradients dW1, db1, … by name
     */
    public LossAndGradients(double loss, Map<String, Tensor> gradients) {
        this(loss, gradients, Map.of());
    }

    /**
     * The same loss and forward pass with other gradients, e.g. a deliberately broken variant.
     *
     * @param newGradients dW1, db1, … by name
     * @return the copy
     */
    public LossAndGradients withGradients(Map<String, Tensor> newGradients) {
        return new LossAndGradients(loss, newGradients, forward);
    }

    /** The name of the intermediate after the softmax, present for cross-entropy. */
    public static final String SOFTMAX = "softmax";

    /**
     * The name of z_layer, the pre-activation of a layer: {@code z1}.
     *
     * @param layer the layer, 1 to depth
     * @return {@code z} and the layer
     */
    public static String preActivationName(int layer) {
        return "z" + layer;
    }

    /**
     * The name of a_layer, a hidden layer's activation f(z_layer): {@code a1}.
     *
     * @param layer the hidden layer, 1 to depth - 1
     * @return {@code a} and the layer
     */
    public static String activationName(int layer) {
        return "a" + layer;
    }
}
