package parity.numeric;

import parity.api.Tensor;
import parity.api.Tolerance;

/**
 * One directional derivative of the loss along a whole tensor, estimated by a central difference:
 * {@code D_u ≈ (L(θ + h·u) - L(θ - h·u)) / 2h}, every element of the parameter moved at once by
 * {@code ±h·u_i}, u_i = ±1. A gradient g is checked by comparing {@code gᵀu} with D_u.
 *
 * @param gradient the gradient it checks, {@code dW1}
 * @param index 1, 2, … among the directions of that gradient
 * @param direction u, with the shape of the parameter
 * @param step h
 * @param estimate D_u, or NaN when skipped
 * @param tolerance what {@code |gᵀu - D_u|} may be: see {@link CentralDifferences#directionalTolerance}
 * @param skipped why it was not estimated (a step across a kink), or null
 */
public record DirectionalDerivative(String gradient, int index, Tensor direction, double step, double estimate,
        Tolerance tolerance, String skipped) {

    /**
     * How reports and messages name it: {@code dW1·u1}.
     *
     * @return the gradient's name, {@code ·u} and the index
     */
    public String name() {
        return gradient + "·u" + index;
    }

    /**
     * gᵀu for a gradient g of the direction's shape.
     *
     * @param gradient g
     * @return Σ_i g_i·u_i
     */
    public double along(Tensor gradient) {
        double sum = 0;
        for (int i = 0; i < direction.size(); i++) {
            sum += gradient.get(i) * direction.get(i);
        }
        return sum;
    }
}
