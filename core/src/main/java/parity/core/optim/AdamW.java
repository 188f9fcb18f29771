package parity.core.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import parity.fixtures.Training;

/**
 * {@code torch.optim.AdamW}: {@link Adam} with the weight decay taken off the parameter before the step,
 * {@code θ ← θ·(1 - lr·wd)}, instead of added to the gradient (decoupled weight decay).
 */
public class AdamW extends Adam {

    public AdamW(Training training) {
        super(training);
    }

    /** No decay in the gradient: g. */
    @Override
    protected INDArray decayedGradient(INDArray gradient, INDArray param) {
        return gradient;
    }

    /** θ·(1 - lr·wd). */
    @Override
    protected INDArray decayedParameter(INDArray param) {
        return param.mul(1 - learningRate * weightDecay);
    }
}
