package parity.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;

/**
 * The nonlinearity of the hidden layers, by the name a fixture's {@code activation} key gives; the
 * output layer is always linear before the loss. Built in, each with torch's definition:
 * <pre>
 * sigmoid      σ(z) = 1 / (1 + e^-z)
 * tanh         tanh(z)
 * relu         max(0, z)                                   kink at 0
 * leaky_relu   z for z &gt; 0, else 0.01·z                     kink at 0 (torch's default slope)
 * softplus     z for z &gt; 20, else log(1 + e^z)             β = 1, threshold 20, as torch's; seam at 20
 * </pre>
 * Others are added under a name with {@link #register}. Here an activation is only its forward,
 * elementwise, in float64: the finite-difference oracle needs nothing else; each implementation brings
 * its own forward and derivative. {@link #kinks()} are the points where f or f' jumps: a finite
 * difference across one means nothing, so the oracle skips such elements and says so.
 */
public final class Activation {

    private static final Map<String, Activation> REGISTERED = new LinkedHashMap<>();

    public static final Activation SIGMOID = builtIn("sigmoid", z -> 1 / (1 + Math.exp(-z)));
    public static final Activation TANH = builtIn("tanh", Math::tanh);
    public static final Activation RELU = builtIn("relu", z -> Math.max(0, z), 0);
    public static final Activation LEAKY_RELU = builtIn("leaky_relu", z -> z > 0 ? z : 0.01 * z, 0);
    public static final Activation SOFTPLUS = builtIn("softplus", z -> z > 20 ? z : Math.log1p(Math.exp(z)), 20);

    private final String name;
    private final DoubleUnaryOperator function;
    private final double[] kinks;
    private final boolean builtIn;

    private Activation(String name, DoubleUnaryOperator function, double[] kinks, boolean builtIn) {
        this.name = name;
        this.function = function;
        this.kinks = kinks.clone();
        Arrays.sort(this.kinks);
        this.builtIn = builtIn;
    }

    private static Activation builtIn(String name, DoubleUnaryOperator function, double... kinks) {
        Activation activation = new Activation(name, function, kinks, true);
        REGISTERED.put(name, activation);
        return activation;
    }

    /**
     * Makes {@code name} a valid {@code activation} in fixtures read from now on, with its forward in
     * plain float64 Java and the points where it or its derivative jumps. Registering a name again
     * replaces the earlier one; a built-in name cannot be taken.
     *
     * @throws IllegalArgumentException for a built-in name, or a name that is not lower-case letters,
     *     digits and underscores
     */
    public static synchronized Activation register(String name, DoubleUnaryOperator function, double... kinks) {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("activation name \"" + name
                    + "\": use lower-case letters, digits and underscores, starting with a letter");
        }
        Activation existing = REGISTERED.get(name);
        if (existing != null && existing.builtIn) {
            throw new IllegalArgumentException("activation \"" + name + "\" is built in and cannot be replaced");
        }
        Activation activation = new Activation(name, function, kinks, false);
        REGISTERED.put(name, activation);
        return activation;
    }

    /**
     * Takes a registered name back, so that fixtures read from now on may not use it (tests that
     * register an activation of their own leave the registry as they found it).
     *
     * @throws IllegalArgumentException for a built-in name
     */
    public static synchronized void unregister(String name) {
        Activation existing = REGISTERED.get(name);
        if (existing != null && existing.builtIn) {
            throw new IllegalArgumentException("activation \"" + name + "\" is built in and cannot be removed");
        }
        REGISTERED.remove(name);
    }

    /** The activation registered under a name, built in or not. */
    public static synchronized Optional<Activation> named(String name) {
        return Optional.ofNullable(REGISTERED.get(name));
    }

    /** Every name a fixture may give, the built-ins first, then in the order registered. */
    public static synchronized List<String> names() {
        return new ArrayList<>(REGISTERED.keySet());
    }

    /** The name as fixtures write it: {@code sigmoid}, {@code leaky_relu}. */
    public String name() {
        return name;
    }

    public boolean isBuiltIn() {
        return builtIn;
    }

    /** f(z) in float64. */
    public double apply(double z) {
        return function.applyAsDouble(z);
    }

    /** The points where f or f' is discontinuous, in increasing order; empty for a smooth function. */
    public double[] kinks() {
        return kinks.clone();
    }

    /** Which piece of f a value lies on: the number of kinks strictly below it. */
    public int piece(double z) {
        int below = 0;
        while (below < kinks.length && z > kinks[below]) {
            below++;
        }
        return below;
    }

    @Override
    public String toString() {
        return name;
    }
}
