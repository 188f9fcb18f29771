package parity.core.optim;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@code torch.optim.Adam} and {@code torch.optim.AdamW}, per parameter θ with gradient g, at step t = 1, 2, …:
 * <pre>
 * Adam:  g ← g + wd·θ                              (weight decay coupled: part of the gradient)
 * AdamW: θ ← θ·(1 - lr·wd)                         (weight decay decoupled: taken off the parameter)
 * m ← β1·m + (1 - β1)·g                            (m, v start at 0)
 * v ← β2·v + (1 - β2)·g²
 * v_max ← max(v_max, v), and v_max in v's place    (amsgrad only)
 * θ ← θ - (lr / (1 - β1^t)) · m / (√v / √(1 - β2^t) + ε)
 * </pre>
 * ε is added to the bias-corrected square root, not inside it; the scalars are computed in double, as
 * torch computes them in Python.
 */
public class Adam extends Optimizer {

    protected final double learningRate;
    protected final double weightDecay;
    protected final double beta1;
    protected final double beta2;
    protected final double eps;
    private final boolean amsgrad;
    private final boolean decoupled;
    private final Map<String, INDArray> firstMoments = new HashMap<>();
    private final Map<String, INDArray> secondMoments = new HashMap<>();
    private final Map<String, INDArray> maxSecondMoments = new HashMap<>();
    /** t, the step being taken, from 1. */
    protected int step;

    public Adam(double learningRate, parity.api.Optimizer.Adam settings) {
        this.learningRate = learningRate;
        this.weightDecay = settings.weightDecay();
        this.beta1 = settings.beta1();
        this.beta2 = settings.beta2();
        this.eps = settings.eps();
        this.amsgrad = settings.amsgrad();
        this.decoupled = settings.decoupled();
    }

    @Override
    protected void beginStep() {
        step++;
    }

    @Override
    protected INDArray update(String name, INDArray param, INDArray gradient) {
        INDArray decayedParam = decayedParameter(param);
        INDArray g = decayedGradient(gradient, param);
        INDArray m = firstMoment(firstMoments.getOrDefault(name, Nd4j.zerosLike(param)), g);
        INDArray v = secondMoment(secondMoments.getOrDefault(name, Nd4j.zerosLike(param)), g);
        firstMoments.put(name, m);
        secondMoments.put(name, v);
        if (amsgrad) {
            v = Transforms.max(maxSecondMoments.getOrDefault(name, Nd4j.zerosLike(param)), v, true);
            maxSecondMoments.put(name, v);
        }
        return decayedParam.sub(m.div(denominator(v)).muli(stepSize()));
    }

    /** The gradient the moments take: Adam's g + wd·θ, AdamW's g. */
    protected INDArray decayedGradient(INDArray gradient, INDArray param) {
        return decoupled ? gradient : coupledDecay(gradient, param);
    }

    /** The parameter the step starts from: Adam's θ, AdamW's θ·(1 - lr·wd). */
    protected INDArray decayedParameter(INDArray param) {
        return decoupled ? decoupledDecay(param) : param;
    }

    /** g + wd·θ. */
    protected final INDArray coupledDecay(INDArray gradient, INDArray param) {
        return weightDecay == 0 ? gradient : gradient.add(param.mul(weightDecay));
    }

    /** θ·(1 - lr·wd). */
    protected final INDArray decoupledDecay(INDArray param) {
        return param.mul(1 - learningRate * weightDecay);
    }

    /** β1·m + (1 - β1)·g. */
    protected INDArray firstMoment(INDArray m, INDArray gradient) {
        return m.mul(beta1).addi(gradient.mul(1 - beta1));
    }

    /** β2·v + (1 - β2)·g². */
    protected INDArray secondMoment(INDArray v, INDArray gradient) {
        return v.mul(beta2).addi(gradient.mul(gradient).muli(1 - beta2));
    }

    /** √v / √(1 - β2^t) + ε. */
    protected INDArray denominator(INDArray v) {
        return Transforms.sqrt(v, true).divi(Math.sqrt(1 - Math.pow(beta2, step))).addi(eps);
    }

    /** lr / (1 - β1^t). */
    protected double stepSize() {
        return learningRate / (1 - Math.pow(beta1, step));
    }
}
