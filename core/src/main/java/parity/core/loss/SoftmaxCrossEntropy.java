package parity.core.loss;

import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import parity.api.LossOptions;
import parity.api.Targets;
import parity.core.PairwiseSum;

/**
 * torch's cross_entropy on class indices y, with its class weights w and label smoothing ε:
 * <pre>
 * a_ic = (1 - ε)·w_{y_i}·[c = y_i] + (ε/C)·w_c        the weight of class c in sample i's target (onehot(y) by default)
 * L    = (1/W) Σ_i Σ_c a_ic·(logΣ_k e^{z_ik} - z_ic),  W = Σ_i w_{y_i}   (N without weights)
 * dL/dz_ik = (softmax(z_i)_k·Σ_c a_ic - a_ik) / W                      ((softmax(z) - onehot(y)) / N by default)
 * </pre>
 * Both subtract each row's maximum first (log-sum-exp), so logits near ±1000 stay finite. Not
 * final: the bug catalogue's variants replace one step each.
 */
public class SoftmaxCrossEntropy implements DataLoss {

    private final LossOptions options;

    /**
     * For the last z asked about: z - m, e^{z - m} and its row sums. The network asks for the loss, its
     * gradient and the softmax of the same z in turn; they share these instead of each taking its own.
     */
    private INDArray lastZ;
    private INDArray lastShifted;
    private INDArray lastExp;
    private INDArray lastSums;

    /** Without class weights or label smoothing: the mean of -log softmax(z_i)[y_i]. */
    public SoftmaxCrossEntropy() {
        this(LossOptions.DEFAULTS);
    }

    /** With the options' class weights and label smoothing. */
    public SoftmaxCrossEntropy(LossOptions options) {
        this.options = options;
    }

    @Override
    public double value(INDArray z, Targets targets) {
        expand(z);
        INDArray a = targetWeights(z, targets);
        INDArray logSumExp = Transforms.log(lastSums, true);
        INDArray picked = lastShifted.mul(a).sum(true, 1);
        if (plain()) {
            return PairwiseSum.mean(logSumExp.subi(picked));
        }
        INDArray perSample = logSumExp.muli(a.sum(true, 1)).subi(picked);
        double mean = PairwiseSum.sum(perSample) / options.totalWeight(labels(targets));
        return z.dataType() == DataType.FLOAT ? (float) mean : mean;
    }

    @Override
    public INDArray gradient(INDArray z, Targets targets) {
        INDArray a = targetWeights(z, targets);
        if (plain()) {
            return softmax(z).subi(a).divi(z.rows());
        }
        return softmax(z).muliColumnVector(a.sum(true, 1)).subi(a).divi(options.totalWeight(labels(targets)));
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

    /** Without weights or smoothing, where a is onehot(y) and W is N. */
    private boolean plain() {
        return options.classWeights() == null && options.labelSmoothing() == 0;
    }

    /** a_ic = (1 - ε)·w_{y_i}·[c = y_i] + (ε/C)·w_c, each in double and stored once in z's dtype. */
    private INDArray targetWeights(INDArray z, Targets targets) {
        int[] labels = labels(targets);
        int classes = (int) z.columns();
        INDArray a = Nd4j.zeros(z.dataType(), z.rows(), classes);
        for (int i = 0; i < labels.length; i++) {
            for (int c = 0; c < classes; c++) {
                a.putScalar(i, c, options.targetWeight(labels[i], c, classes));
            }
        }
        return a;
    }

    private static int[] labels(Targets targets) {
        return ((Targets.ClassLabels) targets).labels();
    }
}
