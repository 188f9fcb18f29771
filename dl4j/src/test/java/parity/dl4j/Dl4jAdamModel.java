package parity.dl4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import parity.api.Fixture;
import parity.api.Implementation;
import parity.api.LossAndGradients;
import parity.api.Optimizer;
import parity.api.Tensor;
import parity.api.Training;
import parity.api.Trajectory;

/**
 * A model of Adam (and AMSGrad, AdamW) written from the two update rules, driven by another implementation's
 * gradients (PyTorch's, in the tests), in plain Java double, each step's parameters rounded to the fixture's dtype.
 * Per parameter θ with gradient g at step t = 1, 2, …:
 * <pre>
 * g ← g + wd·θ                  (adam: weight decay coupled)
 * m ← β1·m + (1 - β1)·g;  v ← β2·v + (1 - β2)·g²;  v ← max(v_max, v) with amsgrad
 * torch:  step = lr/(1 - β1^t) · m / (√v/√(1 - β2^t) + ε)
 * DL4J:   step = lr·√(1 - β2^t)/(1 - β1^t) · m / (√v + ε)        (libnd4j's adamUpdater, amsGradUpdater)
 * step ← step + d·lr·wd·θ       (adamw: weight decay decoupled, d times; DL4J's WeightDecay with applyLR)
 * θ ← θ - step
 * </pre>
 * The two differ in ε alone: written out, DL4J's step is torch's with ε replaced by ε/√(1 - β2^t), which is
 * 31.6·ε at t = 1 with β2 = 0.999 and tends to ε as t grows. d is 1 in torch; DL4J applies a WeightDecay set on
 * the network's builder twice (its layer configuration holds it twice: docs/dl4j.md), d = 2.
 */
final class Dl4jAdamModel {

    /** Where ε goes. */
    enum Epsilon {
        /** Added to the bias-corrected root, as torch.optim.Adam. */
        TORCH,
        /** Added to the uncorrected root, the correction folded into the step size, as DL4J's native updater. */
        DL4J
    }

    private Dl4jAdamModel() {
    }

    /**
     * The fixture's Adam block run with {@code gradients}' gradients, ε placed as {@code epsilon} says, the decoupled
     * weight decay applied {@code decays} times a step.
     */
    static Trajectory run(Fixture fixture, Implementation gradients, Epsilon epsilon, int decays) {
        Training training = fixture.training();
        Optimizer.Adam adam = (Optimizer.Adam) training.optimizer();
        Map<String, double[]> theta = new LinkedHashMap<>();
        Map<String, double[]> m = new LinkedHashMap<>();
        Map<String, double[]> v = new LinkedHashMap<>();
        Map<String, double[]> vMax = new LinkedHashMap<>();
        fixture.params().forEach((name, value) -> {
            theta.put(name, value.data());
            m.put(name, new double[value.size()]);
            v.put(name, new double[value.size()]);
            vMax.put(name, new double[value.size()]);
        });
        double lr = training.learningRate();
        double wd = adam.weightDecay();
        List<Double> losses = new ArrayList<>();
        List<Map<String, Tensor>> params = new ArrayList<>();
        for (int step = 0; step < training.steps(); step++) {
            Fixture here = fixture.withParams(tensors(theta, fixture));
            losses.add(gradients.lossAndGradients(here).loss());
            params.add(tensors(theta, fixture));
            Fixture batch = training.fullBatch(fixture.samples()) ? here
                    : here.batch(training.batchRows(step, fixture.samples()));
            LossAndGradients g = gradients.lossAndGradients(batch);
            int t = step + 1;
            double correction1 = 1 - Math.pow(adam.beta1(), t);
            double correction2 = 1 - Math.pow(adam.beta2(), t);
            for (String name : theta.keySet()) {
                double[] p = theta.get(name);
                double[] grad = g.gradients().get(Fixture.gradientName(name)).data();
                double[] mi = m.get(name);
                double[] vi = v.get(name);
                double[] vmaxi = vMax.get(name);
                for (int i = 0; i < p.length; i++) {
                    double gi = adam.decoupled() ? grad[i] : grad[i] + wd * p[i];
                    mi[i] = adam.beta1() * mi[i] + (1 - adam.beta1()) * gi;
                    vi[i] = adam.beta2() * vi[i] + (1 - adam.beta2()) * gi * gi;
                    vmaxi[i] = Math.max(vmaxi[i], vi[i]);
                    double second = adam.amsgrad() ? vmaxi[i] : vi[i];
                    double update = epsilon == Epsilon.TORCH
                            ? lr / correction1 * mi[i] / (Math.sqrt(second) / Math.sqrt(correction2) + adam.eps())
                            : lr * Math.sqrt(correction2) / correction1 * mi[i] / (Math.sqrt(second) + adam.eps());
                    if (adam.decoupled()) {
                        update += decays * lr * wd * p[i];
                    }
                    p[i] = fixture.dtype().round(p[i] - update);
                }
            }
        }
        Fixture last = fixture.withParams(tensors(theta, fixture));
        losses.add(gradients.lossAndGradients(last).loss());
        params.add(tensors(theta, fixture));
        return new Trajectory(losses, params);
    }

    private static Map<String, Tensor> tensors(Map<String, double[]> theta, Fixture fixture) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        theta.forEach((name, values) -> tensors.put(name, new Tensor(fixture.params().get(name).shape(), values)));
        return tensors;
    }
}
