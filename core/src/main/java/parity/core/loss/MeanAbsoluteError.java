package parity.core.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import parity.api.Targets;
import parity.core.Nd4jTensors;
import parity.core.PairwiseSum;

/**
 * torch's l1_loss, mean reduction, d = z - t elementwise:
 * <pre>
 * L = (1/(N·D_out)) Σ |d|
 * dL/dz = sign(d) / (N·D_out)        sign(0) = 0, as torch's derivative of |d| at its kink
 * </pre>
 */
public final class MeanAbsoluteError implements DataLoss {

    @Override
    public double value(INDArray z, Targets targets) {
        return PairwiseSum.mean(Transforms.abs(z.sub(targets(z, targets)), false));
    }

    @Override
    public INDArray gradient(INDArray z, Targets targets) {
        return Transforms.sign(z.sub(targets(z, targets)), false).divi(z.length());
    }

    private static INDArray targets(INDArray z, Targets targets) {
        return Nd4jTensors.toArray(((Targets.Values) targets).values(), z.dataType());
    }
}
