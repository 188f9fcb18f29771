package parity.dl4j;

import java.util.List;
import org.nd4j.linalg.learning.config.AMSGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import parity.api.Optimizer;
import parity.api.Training;

/**
 * A training block as DL4J's updater and regularization, each with torch's meaning, per parameter θ with
 * gradient g (DL4J hands its updater g already divided by the batch and with the fixture's λ·W added):
 * <pre>
 * sgd                      Sgd(lr)                       θ ← θ - lr·g
 * sgd, nesterov, τ = 0     Nesterovs(lr, μ)              v ← μ·v - lr·g;  θ ← θ + (1 + μ)·v - μ·v_prev, which is
 *                                                        torch's buf ← μ·buf + g; θ ← θ - lr·(g + μ·buf) with v = -lr·buf
 * adam                     Adam(lr, β1, β2, ε)           m, v as torch; the step lr·√(1-β2^t)/(1-β1^t)·m/(√v + ε)
 * adam, amsgrad            AMSGrad(lr, β1, β2, ε)        the same with v̂ = max(v̂, v)
 * weight decay, coupled    L2Regularization(wd)          g ← g + wd·θ on every parameter, biases too, as torch's
 *   (sgd, adam)                                          weight_decay, before the updater
 * weight decay, adamw      WeightDecay(wd, applyLR)      θ ← θ - lr·wd·θ on every parameter, after the updater
 * </pre>
 * ε: torch adds it to the bias-corrected root, √v/√(1-β2^t) + ε; DL4J's native Adam (as Kingma and Ba's
 * algorithm) to the uncorrected one, √v + ε, with the correction in the step size: DL4J's ε is torch's
 * ε·√(1-β2^t). Nothing in DL4J's configuration moves it, so the difference is measured, not configured away.
 *
 * <p>Weight decay is set on the network's builder, as a DL4J user sets it ({@code .weightDecay(wd)} does the same),
 * not layer by layer: DL4J 1.0.0-M2.1 then applies it twice a step ({@code LayerValidation.configureBaseLayer}
 * appends the builder's WeightDecay to a layer list that {@code copyConfigToLayer} has already filled with it).
 * That defect is what the gate is for: it is reported (docs/dl4j.md), not worked around here.
 *
 * <p>Not expressible, so not trained: SGD with momentum but without Nesterov (DL4J's only momentum updater is
 * Nesterovs), and momentum with dampening (Nesterovs has none).
 *
 * @param updater DL4J's updater for every parameter
 * @param weights regularization of the weights beyond the fixture's L2 (the optimiser's weight decay)
 * @param biases regularization of the biases (the optimiser's weight decay)
 */
record TrainingRule(IUpdater updater, List<Regularization> weights, List<Regularization> biases) {

    /** The updater a gradient alone is computed with: no update rule, only DL4J's 1/N and L2 before it. */
    static final TrainingRule NONE = new TrainingRule(new org.nd4j.linalg.learning.config.NoOp(), List.of(), List.of());

    /** Why DL4J cannot run this block as torch does, or null when it can. */
    static String whyNot(Training training) {
        return training.optimizer().match(sgd -> {
            if (sgd.momentum() == 0) {
                return null;
            }
            if (!sgd.nesterov()) {
                return "SGD with momentum but without Nesterov: DL4J's only momentum updater is Nesterovs";
            }
            return sgd.dampening() != 0 ? "dampening: Nesterovs has none" : null;
        }, adam -> null);
    }

    /** DL4J's settings for a block it can run ({@link #whyNot} null). */
    static TrainingRule of(Training training) {
        double lr = training.learningRate();
        Optimizer optimizer = training.optimizer();
        IUpdater updater = optimizer.match(
                sgd -> sgd.momentum() == 0 ? new Sgd(lr) : new Nesterovs(lr, sgd.momentum()),
                adam -> adam.amsgrad() ? new AMSGrad(lr, adam.beta1(), adam.beta2(), adam.eps())
                        : new Adam(lr, adam.beta1(), adam.beta2(), adam.eps()));
        double wd = optimizer.weightDecay();
        if (wd == 0) {
            return new TrainingRule(updater, List.of(), List.of());
        }
        boolean decoupled = optimizer.match(sgd -> false, Optimizer.Adam::decoupled);
        Regularization decay = decoupled ? new WeightDecay(wd, true) : new L2Regularization(wd);
        return new TrainingRule(updater, List.of(decay), List.of(decay));
    }
}
