package parity.core.activation;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * softplus(z) = log(1 + e^z), and z itself above the threshold 20, as torch's softplus with β = 1;
 * softplus'(z) = σ(z) = 1 / (1 + e^-z), and 1 above the threshold.
 *
 * <p>log(1 + x) for x = e^z is taken as {@code log(w)·x / (w - 1)} with w = 1 + x rounded, and as x
 * where w rounds to 1 (Goldberg, "What every computer scientist should know about floating-point
 * arithmetic", Theorem 4: within a few units of the last place). ND4J's own log1p takes log(1 + x), which in
 * float32 loses about u/x relative for small x (3.8·10⁻⁴ at x = 1.3·10⁻⁴, and everything, 0 for 9·10⁻⁹,
 * below 6·10⁻⁸): the float32 rounding bound caught it on random networks (docs/oracles.md).
 */
public final class Softplus implements ActivationFunction {

    static final double THRESHOLD = 20;

    @Override
    public INDArray apply(INDArray z) {
        // Clamped before e^z, so that no element overflows; those above the threshold take z instead.
        return choose(z, z, log1p(Transforms.exp(Transforms.min(z, THRESHOLD, true), false)));
    }

    /** log(1 + x), accurate for small x: log(w)·x / (w - 1), w = 1 + x; x itself where w = 1. */
    static INDArray log1p(INDArray x) {
        INDArray w = x.add(1.0);
        INDArray wMinusOne = w.sub(1.0);
        INDArray roundsToOne = wMinusOne.eq(0).castTo(x.dataType());
        // Where w = 1, log(w) = 0 and the denominator is taken as 1, so that the quotient is 0, not 0/0.
        INDArray quotient = Transforms.log(w, false).muli(x).divi(wMinusOne.addi(roundsToOne));
        return quotient.addi(x.mul(roundsToOne));
    }

    @Override
    public INDArray derivative(INDArray z, INDArray a) {
        return choose(z, z.like().assign(1.0), Transforms.sigmoid(z, true));
    }

    /** {@code above} where z &gt; 20, else {@code below}; exact, as each term is multiplied by 0 or 1. */
    private static INDArray choose(INDArray z, INDArray above, INDArray below) {
        INDArray mask = z.gt(THRESHOLD).castTo(z.dataType());
        return below.mul(mask.rsub(1.0)).addi(above.mul(mask));
    }
}
