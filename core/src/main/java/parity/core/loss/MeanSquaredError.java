package parity.core.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import parity.api.Targets;
import parity.core.Nd4jTensors;
import parity.core.PairwiseSum;

/** L = (1/(N·D_out)) Σ (z - t)², as torch's mse_loss; dL/dz = 2 (z - t) / (N·D_out). */
public final class MeanSquaredError implements DataLoss {

    @Override
    public double value(INDArray z, Targets targets) {
        INDArray diff = z.sub(targets(z, targets));
        return PairwiseSum.mean(diff.muli(diff));
    }

    @Override
    public INDArray gradient(INDArray z, Targets targets) {
        return z.sub(targets(z, targets)).muli(2.0 / z.length());
    }

    private static INDArray targets(INDArray z, Targets targets) {
        return Nd4jTensors.toArray(((Targets.Values) targets).values(), z.dataType());
    }
}
