package parity.core.loss;

import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import parity.api.Targets;
import parity.core.PairwiseSum;

/**
 * L = (1/N) Σ_i [ logΣ_k e^{z_ik} - z_{i,y_i} ], the mean of -log softmax(z_i)[y_i];
 * dL/dz = (softmax(z) - onehot(y)) / N.
 *
 * <p>Both subtract each row's maximum first (log-sum-exp), so logits near ±1000 stay finite. Not
 * final: the bug catalogue's variants replace one step each.
 */
public class SoftmaxCrossEntropy implements DataLoss {

    /**
     * For the last z asked about: z - m, e^{z - m} and its row sums. The network asks for the loss, its
     * gradient and the softmax of the same z in turn; they share these instead of each taking its own.
     */
    private INDArray lastZ;
    private INDArray lastShifted;
    private INDArray lastExp;
    private INDArray lastSums;

    @Override
    public double value(INDArray z, Targets targets) {
        expand(z);
        INDArray logSumExp = Transforms.log(lastSums, true);
        INDArray picked = lastShifted.mul(oneHot(z, targets)).sum(true, 1);
        return PairwiseSum.mean(logSumExp.subi(picked));
    }

    @Override
    public INDArray gradient(INDArray z, Targets targets) {
        return softmax(z).subi(oneHot(z, targets)).divi(z.rows());
    }

    @Override
    public Optional<INDArray> probabilities(INDArray z) {
        return Optional.of(softmax(z));
    }

    /** softmax(z)_ik = e^{z_ik - m_i} / Σ_k e^{z_ik - m_i}, m_i the row maximum; a new array. */
    protected INDArray softmax(INDArray z) {
        expand(z);
        return lastExp.divColumnVector(lastSums);
    }

    private void expand(INDArray z) {
        if (z != lastZ) {
            lastShifted = shifted(z);
            lastExp = Transforms.exp(lastShifted, true);
            lastSums = lastExp.sum(true, 1);
            lastZ = z;
        }
    }

    /** z minus each row's maximum: the same softmax, and no e^{1000}. */
    protected INDArray shifted(INDArray z) {
        return z.subColumnVector(z.max(true, 1));
    }

    protected static INDArray oneHot(INDArray z, Targets targets) {
        int[] labels = ((Targets.ClassLabels) targets).labels();
        INDArray oneHot = Nd4j.zeros(z.dataType(), z.rows(), z.columns());
        for (int i = 0; i < labels.length; i++) {
            oneHot.putScalar(i, labels[i], 1.0);
        }
        return oneHot;
    }
}
