package parity.core.optim;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code torch.optim.SGD}, per parameter θ with gradient g, μ the momentum, τ the dampening, wd the weight
 * decay:
 * <pre>
 * g ← g + wd·θ                                   (weight decay, coupled: part of the gradient)
 * buf ← g                   at the first step    (μ ≠ 0 only; no dampening on the first step)
 * buf ← μ·buf + (1 - τ)·g   after it
 * g ← g + μ·buf  (nesterov)   or   g ← buf
 * θ ← θ - lr·g
 * </pre>
 * With μ = 0 and wd = 0 this is plain SGD, {@code θ ← θ - lr·g}, computed exactly so.
 */
public class Sgd extends Optimizer {

    private final double learningRate;
    private final double momentum;
    private final double dampening;
    private final boolean nesterov;
    private final double weightDecay;
    private final Map<String, INDArray> buffers = new HashMap<>();

    public Sgd(double learningRate, parity.api.Optimizer.Sgd settings) {
        this.learningRate = learningRate;
        this.momentum = settings.momentum();
        this.dampening = settings.dampening();
        this.nesterov = settings.nesterov();
        this.weightDecay = settings.weightDecay();
    }

    @Override
    protected INDArray update(String name, INDArray param, INDArray gradient) {
        INDArray direction = weightDecay == 0 ? gradient : decayed(gradient, param);
        if (momentum != 0) {
            INDArray previous = buffers.get(name);
            INDArray buffer = previous == null ? direction.dup() : momentumBuffer(previous, direction);
            buffers.put(name, buffer);
            direction = nesterov ? lookAhead(direction, buffer) : buffer;
        }
        return descend(param, direction);
    }

    /** g + wd·θ. */
    protected INDArray decayed(INDArray gradient, INDArray param) {
        return gradient.add(param.mul(weightDecay));
    }

    /** μ·buf + (1 - τ)·g. */
    protected INDArray momentumBuffer(INDArray buffer, INDArray gradient) {
        return buffer.mul(momentum).addi(gradient.mul(1 - dampening));
    }

    /** Nesterov: g + μ·buf. */
    protected INDArray lookAhead(INDArray gradient, INDArray buffer) {
        return gradient.add(buffer.mul(momentum));
    }

    /** θ - lr·g. */
    protected INDArray descend(INDArray param, INDArray direction) {
        return param.sub(direction.mul(learningRate));
    }
}
