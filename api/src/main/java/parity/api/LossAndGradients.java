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

    public LossAndGradients {
        gradients = Collections.unmodifiableMap(new LinkedHashMap<>(gradients));
        forward = Collections.unmodifiableMap(new LinkedHashMap<>(forward));
    }

    /** Without forward intermediates. */
    public LossAndGradients(double loss, Map<String, Tensor> gradients) {
        this(loss, gradients, Map.of());
    }

    /** The same loss and forward pass with other gradients, e.g. a deliberately broken variant. */
    public LossAndGradients withGradients(Map<String, Tensor> newGradients) {
        return new LossAndGradients(loss, newGradients, forward);
    }

    /** The name of the intermediate after the softmax, present for cross-entropy. */
    public static final String SOFTMAX = "softmax";

    public static String preActivationName(int layer) {
        return "z" + layer;
    }

    public static String activationName(int layer) {
        return "a" + layer;
    }
}
