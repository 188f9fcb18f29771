package parity.dl4j;

import java.util.Arrays;
import java.util.Optional;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMAE;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;
import parity.api.Fixture;
import parity.api.Loss;
import parity.api.LossOptions;

/**
 * The DL4J {@code OutputLayer}'s activation and loss for a fixture's loss. DL4J's output layer applies its
 * activation to z_L and hands the loss both; its score is the loss summed over the batch and divided by N
 * ({@code miniBatch(true)}, the default), plus the regularization score.
 * <pre>
 * softmax_cross_entropy   softmax  + LossMCXENT     -Σ_c y_c·log p_c per sample, mean over N; p clipped to
 *                                                   [1e-10, 1 - 1e-10] in the score only (DL4J's default)
 * mse (mean)              identity + LossMSE        Σ_j (z - t)² / D_out per sample, mean over N: torch's mean of N·D_out
 * l1                      identity + LossMAE        Σ_j |z - t| / D_out per sample, mean over N: torch's l1_loss
 *                                                   (LossL1 would be D_out times it: no division by D_out)
 * bce_with_logits         sigmoid  + LossBinaryXENT with a weight 1/D_out per output: LossBinaryXENT sums over
 *                                                   outputs, torch takes the mean; σ clipped to [1e-5, 1 - 1e-5]
 * </pre>
 * Not expressible, so not supported: cross-entropy with label smoothing (LossMCXENT has none) or class weights
 * (LossMCXENT's weighted mean divides by N, torch's by Σ_n w[y_n]); mse with reduction sum (every DL4J loss is
 * divided by N); huber (no Huber loss in DL4J 1.0.0-M2.1); bce_with_logits with pos_weight (LossBinaryXENT's
 * weights scale both terms, pos_weight the positive one only); a loss of a user's own.
 */
record OutputLoss(ILossFunction loss, IActivation activation) {

    /** The output layer for the fixture's loss, or the reason DL4J cannot express it. */
    static Optional<OutputLoss> of(Fixture fixture) {
        return whyNot(fixture) == null ? Optional.of(expressible(fixture)) : Optional.empty();
    }

    /** Why the fixture's loss has no faithful DL4J counterpart, or null when it has one. */
    static String whyNot(Fixture fixture) {
        LossOptions options = fixture.lossOptions();
        if (!(fixture.loss() instanceof Loss.BuiltIn builtIn)) {
            return "a loss of the user's own (" + fixture.loss().jsonName() + ")";
        }
        return switch (builtIn) {
            case SOFTMAX_CROSS_ENTROPY -> options.labelSmoothing() != 0 ? "label smoothing: LossMCXENT has none"
                    : options.classWeights() != null
                            ? "class weights: LossMCXENT's weighted mean divides by N, torch's by the targets' weights"
                            : null;
            case MSE -> options.reduction() == LossOptions.Reduction.SUM
                    ? "mse summed: every DL4J output layer divides its loss by N" : null;
            case L1 -> null;
            case HUBER -> "huber: DL4J 1.0.0-M2.1 has no Huber loss";
            case BCE_WITH_LOGITS -> options.posWeight() != null
                    ? "pos_weight: LossBinaryXENT's weights scale both terms, pos_weight only the positive one" : null;
        };
    }

    private static OutputLoss expressible(Fixture fixture) {
        int outputs = fixture.layers()[fixture.depth()];
        return switch ((Loss.BuiltIn) fixture.loss()) {
            case SOFTMAX_CROSS_ENTROPY -> new OutputLoss(new LossMCXENT(), new ActivationSoftmax());
            case MSE -> new OutputLoss(new LossMSE(), new ActivationIdentity());
            case L1 -> new OutputLoss(new LossMAE(), new ActivationIdentity());
            case BCE_WITH_LOGITS -> new OutputLoss(new LossBinaryXENT(perOutput(outputs, 1.0 / outputs)),
                    new ActivationSigmoid());
            case HUBER -> throw new IllegalStateException("huber is not expressible");
        };
    }

    private static org.nd4j.linalg.api.ndarray.INDArray perOutput(int outputs, double weight) {
        double[] weights = new double[outputs];
        Arrays.fill(weights, weight);
        return Nd4j.create(weights, new long[] {1, outputs}, DataType.DOUBLE);
    }
}
