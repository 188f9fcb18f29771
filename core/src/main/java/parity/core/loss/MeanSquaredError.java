package parity.core.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import parity.api.LossOptions;
import parity.api.Targets;
import parity.core.Nd4jTensors;
import parity.core.PairwiseSum;

/**
 * L = (1/(N·D_out)) Σ (z - t)², as torch's mse_loss; dL/dz = 2 (z - t) / (N·D_out). With reduction sum,
 * L = Σ (z - t)² and dL/dz = 2 (z - t).
 */
public final class MeanSquaredError implements DataLoss {

    private final LossOptions.Reduction reduction;

    /** torch's default, the mean. */
    public MeanSquaredError() {
        this(LossOptions.Reduction.MEAN);
    }

    public MeanSquaredError(LossOptions.Reduction reduction) {
        this.reduction = reduction;
    }

    @Override
    public double value(INDArray z, Targets targets) {
        INDArray diff = z.sub(targets(z, targets));
        INDArray squares = diff.muli(diff);
        return switch (reduction) {
            case MEAN -> PairwiseSum.mean(squares);
            case SUM -> PairwiseSum.sum(squares);
        };
    }

    @Override
    public INDArray gradient(INDArray z, Targets targets) {
        double scale = switch (reduction) {
            case MEAN -> 2.0 / z.length();
            case SUM -> 2.0;
        };
        return z.sub(targets(z, targets)).muli(scale);
    }

    private static INDArray targets(INDArray z, Targets targets) {
        return Nd4jTensors.toArray(((Targets.Values) targets).values(), z.dataType());
    }
}
