package parity.reference;

import ai.djl.ndarray.NDArray;
import parity.api.Training;

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

    private final Training training;

    TorchSgd(Training training) {
        this.training = training;
    }

    @Override
    NDArray update(String name, NDArray param, NDArray gradient) {
        NDArray d = gradient;
        if (training.weightDecay() != 0) {
            d = d.add(param.mul(training.weightDecay()));
        }
        if (training.momentum() != 0) {
            NDArray previous = state(param, name);
            NDArray buffer = previous == null ? d.duplicate()
                    : previous.mul(training.momentum()).add(d.mul(1 - training.dampening()));
            keep(name, buffer);
            d = training.nesterov() ? d.add(buffer.mul(training.momentum())) : buffer;
        }
        return param.sub(d.mul(training.learningRate()));
    }
}
