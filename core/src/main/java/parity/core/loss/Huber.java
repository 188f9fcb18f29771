package parity.core.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import parity.api.Targets;
import parity.core.Nd4jTensors;
import parity.core.PairwiseSum;

/**
 * torch's huber_loss, mean reduction, d = z - t elementwise:
 * <pre>
 * L = (1/(N·D_out)) Σ h(d),   h(d) = d²/2 for |d| &lt; δ,  δ·(|d| - δ/2) otherwise
 * dL/dz = clamp(d, -δ, δ) / (N·D_out)        (d inside, δ·sign(d) outside; the two meet at |d| = δ)
 * </pre>
 * Each element's h and clamp are taken in double from z's own d and stored in z's dtype, one rounding.
 */
public final class Huber implements DataLoss {

    private final double delta;

    public Huber(double delta) {
        this.delta = delta;
    }

    @Override
    public double value(INDArray z, Targets targets) {
        INDArray h = z.sub(targets(z, targets));
        for (long i = 0; i < h.length(); i++) {
            double d = h.getDouble(i);
            h.putScalar(i, Math.abs(d) < delta ? 0.5 * d * d : delta * (Math.abs(d) - 0.5 * delta));
        }
        return PairwiseSum.mean(h);
    }

    @Override
    public INDArray gradient(INDArray z, Targets targets) {
        INDArray g = z.sub(targets(z, targets));
        double n = z.length();
        for (long i = 0; i < g.length(); i++) {
            g.putScalar(i, Math.max(-delta, Math.min(delta, g.getDouble(i))) / n);
        }
        return g;
    }

    private static INDArray targets(INDArray z, Targets targets) {
        return Nd4jTensors.toArray(((Targets.Values) targets).values(), z.dataType());
    }
}
