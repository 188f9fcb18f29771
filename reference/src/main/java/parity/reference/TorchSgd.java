package parity.reference;

import ai.djl.ndarray.NDArray;
import parity.api.Optimizer;

/**
 * {@code torch.optim.SGD} in libtorch ops, as torch's {@code _single_tensor_sgd}:
 * <pre>
 * d_p = grad
 * if weight_decay != 0: d_p = d_p.add(param, alpha=weight_decay)
 * if momentum != 0:
 *     buf = clone(d_p)                                  at the first step
 *     buf.mul_(momentum).add_(d_p, alpha=1 - dampening)  after it
 *     d_p = d_p.add(buf, alpha=momentum) if nesterov else buf
 * param.add_(d_p, alpha=-lr)
 * </pre>
 */
final class TorchSgd extends TorchOptimizer {

    private final double learningRate;
    private final Optimizer.Sgd settings;

    TorchSgd(double learningRate, Optimizer.Sgd settings) {
        this.learningRate = learningRate;
        this.settings = settings;
    }

    @Override
    NDArray update(String name, NDArray param, NDArray gradient) {
        NDArray d = gradient;
        if (settings.weightDecay() != 0) {
            d = d.add(param.mul(settings.weightDecay()));
        }
        if (settings.momentum() != 0) {
            NDArray previous = state(param, name);
            NDArray buffer = previous == null ? d.duplicate()
                    : previous.mul(settings.momentum()).add(d.mul(1 - settings.dampening()));
            keep(name, buffer);
            d = settings.nesterov() ? d.add(buffer.mul(settings.momentum())) : buffer;
        }
        return param.sub(d.mul(learningRate));
    }
}
