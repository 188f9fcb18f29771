package parity.core.loss;

import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import parity.api.Fixture;
import parity.api.Loss;
import parity.api.LossOptions;
import parity.api.Targets;

/** The loss of the output layer's pre-activations z_L (N×D_out, one sample per row) against the targets. */
public interface DataLoss {

    /** The data loss, a scalar, computed in z's dtype. */
    double value(INDArray z, Targets targets);

    /** dLoss/dz_L, N×D_out. */
    INDArray gradient(INDArray z, Targets targets);

    /** The class probabilities the loss is taken of, for losses that have them. */
    default Optional<INDArray> probabilities(INDArray z) {
        return Optional.empty();
    }

    /** The fixture's loss, with its settings. */
    static DataLoss of(Fixture fixture) {
        return of(fixture.loss(), fixture.lossOptions());
    }

    /** Whether core has this loss: the built-ins only, not a user's own. */
    static boolean isBuiltIn(Loss loss) {
        return loss instanceof Loss.BuiltIn;
    }

    /** @throws IllegalArgumentException for a loss core does not have */
    static DataLoss of(Loss loss, LossOptions options) {
        if (!(loss instanceof Loss.BuiltIn builtIn)) {
            throw new IllegalArgumentException("core has no loss \"" + loss.jsonName() + "\"");
        }
        return switch (builtIn) {
            case SOFTMAX_CROSS_ENTROPY -> new SoftmaxCrossEntropy(options);
            case MSE -> new MeanSquaredError(options.reduction());
            case HUBER -> new Huber(options.delta());
            case BCE_WITH_LOGITS -> new BinaryCrossEntropyWithLogits(options);
            case L1 -> new MeanAbsoluteError();
        };
    }
}
