package parity.numeric;

import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import parity.api.Fixture;
import parity.api.Optimizer;
import parity.api.Tensor;
import parity.api.Training;

/**
 * The first step of a training block as finite differences see it: the third opinion on the update.
 * At the first step every optimiser's state is fresh, so its update is a function of the gradient g of
 * step 0's batch alone (torch.optim's rules at t = 1, with μ, wd, ε, lr the block's settings):
 * <pre>
 * sgd:   θ1 = θ0 - lr·c·(g + wd·θ0)         c = 1 + μ with nesterov, else 1 (buf = g at the first step)
 * adam:  θ1 = θ0 - lr·d / (|d| + ε)         d = g + wd·θ0 (m̂ = d, √v̂ = |d| at t = 1, amsgrad or not)
 * adamw: θ1 = θ0·(1 - lr·wd) - lr·g / (|g| + ε)
 * </pre>
 * What is compared is the step's direction Δθ, the update in units of the learning rate, computed from a
 * side's θ0 and θ1 and from the finite-difference gradient:
 * <pre>
 * sgd:   Δθ = (θ0 - θ1) / (lr·c)             = g + wd·θ0
 * adam:  Δθ = (θ0 - θ1) / lr                 = d / (|d| + ε)
 * adamw: Δθ = (θ0·(1 - lr·wd) - θ1) / lr     = g / (|g| + ε)
 * </pre>
 * under the finite differences' own tolerance. That holds only where Δθ changes no faster than g, so
 * that the estimate's error is not magnified: {@code ∂Δθ/∂g ≤ 1}, always for sgd, and for Adam where
 * {@code ε / (|d| + ε)² ≤ 1}, i.e. {@code |d| ≥ √ε - ε}; there, the error carried from g is also at most
 * {@code atol + rtol·|Δθ|}. Elements closer to 0 are skipped, with that reason.
 */
public final class FirstStep {

    private final Optimizer optimizer;
    /** Δθ's divisor: lr, or lr·(1 + μ) for sgd's nesterov, whose first step adds μ·buf = μ·g once more. */
    private final double scale;
    /** What the first step multiplies θ0 by before it subtracts: 1 - lr·wd for adamw, else 1. */
    private final double decay;
    /** adamw: the weight decay is applied to θ, not added to the gradient. */
    private final boolean decoupled;
    private final boolean adam;
    private final double eps;

    /**
     * The first step of this block: its scale lr·c (or lr), its decay 1 - lr·wd for AdamW (else 1), and its ε.
     *
     * @param training the fixture's training block
     */
    public FirstStep(Training training) {
        this.optimizer = training.optimizer();
        double lr = training.learningRate();
        this.scale = optimizer.match(sgd -> sgd.nesterov() ? lr * (1 + sgd.momentum()) : lr, adam -> lr);
        this.decay = optimizer.match(sgd -> 1.0, adam -> adam.decoupled() ? 1 - lr * adam.weightDecay() : 1);
        this.decoupled = optimizer.match(sgd -> false, Optimizer.Adam::decoupled);
        this.adam = optimizer.match(sgd -> false, adam -> true);
        this.eps = optimizer.match(sgd -> 0.0, Optimizer.Adam::eps);
    }

    /**
     * The name of a parameter's step direction: {@code W1 -> ΔW1}.
     *
     * @param parameter a parameter's name, {@code W1}
     * @return the direction's name, {@code Δ} and the parameter's name
     */
    public static String directionName(String parameter) {
        return "Δ" + parameter;
    }

    /**
     * Δθ of every parameter, from a side's parameters before and after its first step, keyed ΔW1, Δb1, …
     *
     * @param before θ0, keyed W1, b1, …
     * @param after θ1, keyed the same
     * @return Δθ, keyed ΔW1, Δb1, …
     */
    public Map<String, Tensor> taken(Map<String, Tensor> before, Map<String, Tensor> after) {
        Map<String, Tensor> directions = new LinkedHashMap<>();
        before.forEach((name, theta0) -> {
            Tensor theta1 = after.get(name);
            double[] s = new double[theta0.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = (theta0.get(i) * decay - theta1.get(i)) / scale;
            }
            directions.put(directionName(name), new Tensor(theta0.shape(), s));
        });
        return directions;
    }

    /**
     * Δθ of every parameter from gradients keyed dW1, db1, … at the parameters {@code params}.
     *
     * @param params θ0, keyed W1, b1, …
     * @param gradients g at θ0, keyed dW1, db1, …
     * @return Δθ, keyed ΔW1, Δb1, …
     */
    public Map<String, Tensor> fromGradients(Map<String, Tensor> params, Map<String, Tensor> gradients) {
        Map<String, Tensor> directions = new LinkedHashMap<>();
        params.forEach((name, theta0) -> {
            Tensor g = gradients.get(Fixture.gradientName(name));
            double[] s = new double[theta0.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = direction(decayed(g.get(i), theta0.get(i)));
            }
            directions.put(directionName(name), new Tensor(theta0.shape(), s));
        });
        return directions;
    }

    /**
     * Of the elements whose gradient finite differences estimated ({@code checked}, keyed dW1, …), those
     * where Δθ changes no faster than g, keyed ΔW1, …
     *
     * @param params θ0, keyed W1, b1, …
     * @param gradients g at θ0, keyed dW1, db1, …
     * @param checked the flat indices estimated per gradient; a gradient missing here counts as all estimated
     * @return the flat indices compared, keyed ΔW1, Δb1, …
     */
    public Map<String, BitSet> placeable(Map<String, Tensor> params, Map<String, Tensor> gradients,
            Map<String, BitSet> checked) {
        Map<String, BitSet> placeable = new LinkedHashMap<>();
        params.forEach((name, theta0) -> {
            Tensor g = gradients.get(Fixture.gradientName(name));
            BitSet estimated = checked.get(Fixture.gradientName(name));
            BitSet elements = new BitSet(theta0.size());
            for (int i = 0; i < theta0.size(); i++) {
                boolean known = estimated == null || estimated.get(i);
                if (known && !tooSteep(decayed(g.get(i), theta0.get(i)))) {
                    elements.set(i);
                }
            }
            placeable.put(directionName(name), elements);
        });
        return placeable;
    }

    /**
     * Why an element is left out, or null when it is compared.
     *
     * @param gradient the element's g
     * @param param the element's θ0
     * @return the reason, or null
     */
    public String whyNotPlaceable(double gradient, double param) {
        return tooSteep(decayed(gradient, param)) ? "the first " + optimizer.jsonName() + " step d / (|d| + ε) changes "
                + "faster than the gradient here (|d| < √ε): finite differences cannot place it" : null;
    }

    /** d: g + wd·θ0, except for AdamW, whose decay is not part of the gradient. */
    private double decayed(double gradient, double param) {
        return decoupled ? gradient : gradient + optimizer.weightDecay() * param;
    }

    private double direction(double d) {
        return adam ? d / (Math.abs(d) + eps) : d;
    }

    /** {@code ε / (|d| + ε)² > 1}: Adam's first step magnifies an error in d there. */
    private boolean tooSteep(double d) {
        double denominator = Math.abs(d) + eps;
        return adam && eps > denominator * denominator;
    }
}
