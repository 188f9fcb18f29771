package parity.core.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import parity.fixtures.Targets;

/**
 * L = (1/N) Σ_i [ logΣ_k e^{z_ik} - z_{i,y_i} ], the mean of -log softmax(z_i)[y_i];
 * dL/dz = (softmax(z) - onehot(y)) / N.
 *
 * <p>Both subtract each row's maximum first (log-sum-exp), so logits near ±1000 stay finite.
 */
public final class SoftmaxCrossEntropy implements DataLoss {

    @Override
    public double value(INDArray z, Targets targets) {
        INDArray shifted = shifted(z);
        INDArray logSumExp = Transforms.log(Transforms.exp(shifted, true).sum(true, 1), false);
        INDArray picked = shifted.mul(oneHot(z, targets)).sum(true, 1);
        return logSumExp.subi(picked).meanNumber().doubleValue();
    }

    @Override
    public INDArray gradient(INDArray z, Targets targets) {
        INDArray exp = Transforms.exp(shifted(z), false);
        INDArray softmax = exp.diviColumnVector(exp.sum(true, 1));
        return softmax.subi(oneHot(z, targets)).divi(z.rows());
    }

    /** z minus each row's maximum: the same softmax, and no e^{1000}. */
    private static INDArray shifted(INDArray z) {
        return z.subColumnVector(z.max(true, 1));
    }

    private static INDArray oneHot(INDArray z, Targets targets) {
        int[] labels = ((Targets.ClassLabels) targets).labels();
        INDArray oneHot = Nd4j.zeros(z.dataType(), z.rows(), z.columns());
        for (int i = 0; i < labels.length; i++) {
            oneHot.putScalar(i, labels[i], 1.0);
        }
        return oneHot;
    }
}
