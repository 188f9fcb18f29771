package parity.reference;

import ai.djl.ndarray.NDArray;
import parity.api.Optimizer;

/**
 * {@code torch.optim.Adam} and {@code torch.optim.AdamW} in libtorch ops, as torch's
 * {@code _single_tensor_adam} and {@code _single_tensor_adamw}, at step t = 1, 2, …:
 * <pre>
 * AdamW: param.mul_(1 - lr * weight_decay)
 * Adam:  if weight_decay != 0: grad = grad.add(param, alpha=weight_decay)
 * exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
 * exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
 * bias_correction1 = 1 - beta1 ** t
 * bias_correction2 = 1 - beta2 ** t
 * step_size = lr / bias_correction1
 * amsgrad: torch.maximum(max_exp_avg_sq, exp_avg_sq, out=max_exp_avg_sq), and it in exp_avg_sq's place below
 * denom = (exp_avg_sq.sqrt() / sqrt(bias_correction2)).add_(eps)
 * param.addcdiv_(exp_avg, denom, value=-step_size)
 * </pre>
 * The scalars (bias corrections, step size) are computed in double, as torch computes them in Python.
 */
final class TorchAdam extends TorchOptimizer {

    private final double learningRate;
    private final Optimizer.Adam settings;
    private final boolean decoupled;
    private int step;

    TorchAdam(double learningRate, Optimizer.Adam settings) {
        this.learningRate = learningRate;
        this.settings = settings;
        this.decoupled = settings.decoupled();
    }

    @Override
    void beginStep() {
        step++;
    }

    @Override
    NDArray update(String name, NDArray param, NDArray gradient) {
        double lr = learningRate;
        double weightDecay = settings.weightDecay();
        NDArray grad = gradient;
        if (decoupled) {
            param = param.mul(1 - lr * weightDecay);
        } else if (weightDecay != 0) {
            grad = grad.add(param.mul(weightDecay));
        }
        double beta1 = settings.beta1();
        double beta2 = settings.beta2();
        NDArray expAvg = stateOrZeros(param, name + ".exp_avg").mul(beta1).add(grad.mul(1 - beta1));
        NDArray expAvgSq = stateOrZeros(param, name + ".exp_avg_sq").mul(beta2).add(grad.mul(grad).mul(1 - beta2));
        keep(name + ".exp_avg", expAvg);
        keep(name + ".exp_avg_sq", expAvgSq);
        if (settings.amsgrad()) {
            expAvgSq = stateOrZeros(param, name + ".max_exp_avg_sq").maximum(expAvgSq);
            keep(name + ".max_exp_avg_sq", expAvgSq);
        }
        double biasCorrection1 = 1 - Math.pow(beta1, step);
        double biasCorrection2 = 1 - Math.pow(beta2, step);
        double stepSize = lr / biasCorrection1;
        NDArray denom = expAvgSq.sqrt().div(Math.sqrt(biasCorrection2)).add(settings.eps());
        return param.sub(expAvg.div(denom).mul(stepSize));
    }
}
