package parity.core.network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import parity.api.Fixture;
import parity.api.LossAndGradients;
import parity.api.Tensor;
import parity.core.Nd4jTensors;
import parity.core.PairwiseSum;
import parity.core.activation.ActivationFunction;
import parity.core.loss.DataLoss;

/**
 * A fully connected network with its backprop written out by hand, as in the seed post's
 * {@code python_backprop}, generalised to any depth. One sample per row.
 *
 * <pre>
 * forward:  z_l = a_{l-1} · W_lᵀ + b_l,   a_l = f_l(z_l) for l &lt; L,   a_0 = X   (no b_l where the layer has none)
 * loss:     J = data(z_L, t) + 0.5·λ·Σ_l ‖W_l‖²_F
 * backward: δ_L = ∂data/∂z_L
 *           dW_l = δ_lᵀ · a_{l-1} + λ·W_l          (the 0.5 cancels against the square)
 *           db_l = Σ_rows δ_l                       (biases are not regularised; none where b_l is not)
 *           δ_{l-1} = (δ_l · W_l) ⊙ f_{l-1}'(z_{l-1})
 * </pre>
 * Every array is in the fixture's dtype; the transposes are GEMM flags, never copies. Each rule of the backward pass is a method of its own, so
 * that the tests' catalogue of classic backprop bugs can replace exactly one of them.
 */
public class HandwrittenNetwork {

    private final Fixture fixture;
    private final DataType dataType;
    /** f_l of each hidden layer l, 1 to depth - 1; index 0 and depth unused. */
    private final ActivationFunction[] activations;
    private final DataLoss dataLoss;
    private final INDArray inputs;

    public HandwrittenNetwork(Fixture fixture) {
        this(fixture, layer -> ActivationFunction.of(fixture.activation(layer)), DataLoss.of(fixture));
    }

    /** With other activations (of each hidden layer) or another loss: for the bug catalogue's broken variants. */
    protected HandwrittenNetwork(Fixture fixture, IntFunction<ActivationFunction> activations, DataLoss dataLoss) {
        this.fixture = fixture;
        this.dataType = Nd4jTensors.dataType(fixture.dtype());
        this.activations = new ActivationFunction[fixture.depth() + 1];
        for (int l = 1; l < fixture.depth(); l++) {
            this.activations[l] = activations.apply(l);
        }
        this.dataLoss = dataLoss;
        this.inputs = Nd4jTensors.toArray(fixture.inputs(), dataType);
    }

    /** The fixture's parameters as arrays in its dtype, keyed W1, b1, W2, … */
    public Map<String, INDArray> initialParameters() {
        Map<String, INDArray> params = new LinkedHashMap<>();
        fixture.params().forEach((name, tensor) -> params.put(name, Nd4jTensors.toArray(tensor, dataType)));
        return params;
    }

    public ForwardPass forward(Map<String, INDArray> params) {
        int depth = fixture.depth();
        List<INDArray> z = new ArrayList<>();
        List<INDArray> a = new ArrayList<>();
        z.add(null);
        a.add(inputs);
        for (int l = 1; l <= depth; l++) {
            INDArray weight = params.get(Fixture.weightName(l));
            INDArray zl = Nd4j.gemm(a.get(l - 1), weight, false, true);
            if (fixture.hasBias(l)) {
                zl.addiRowVector(params.get(Fixture.biasName(l)));
            }
            z.add(zl);
            a.add(l < depth ? activations[l].apply(zl) : zl);
        }
        return new ForwardPass(z, a);
    }

    /** J = data loss + penalty, rounded to the dtype. */
    public double loss(ForwardPass pass, Map<String, INDArray> params) {
        return fixture.dtype().round(dataLoss.value(pass.output(), fixture.targets()) + penalty(params));
    }

    /** dJ/dθ for every parameter, keyed dW1, db1, dW2, … */
    public Map<String, INDArray> backward(ForwardPass pass, Map<String, INDArray> params) {
        Map<String, INDArray> gradients = new LinkedHashMap<>();
        INDArray delta = dataLoss.gradient(pass.output(), fixture.targets());
        for (int l = fixture.depth(); l >= 1; l--) {
            String w = Fixture.weightName(l);
            String b = Fixture.biasName(l);
            INDArray weight = params.get(w);
            gradients.put(Fixture.gradientName(w), weightGradient(delta, pass.a(l - 1), weight));
            if (fixture.hasBias(l)) {
                gradients.put(Fixture.gradientName(b), biasGradient(delta, params.get(b)));
            }
            if (l > 1) {
                delta = backpropagate(delta, weight).muli(activationDerivative(l - 1, pass));
            }
        }
        return inLayerOrder(gradients);
    }

    /** 0.5·λ·Σ_l ‖W_l‖²_F, each layer's sum of squares {@linkplain PairwiseSum pairwise} in float32. */
    protected double penalty(Map<String, INDArray> params) {
        double squaredNorms = 0;
        for (int l = 1; l <= fixture.depth(); l++) {
            INDArray weight = params.get(Fixture.weightName(l));
            squaredNorms += PairwiseSum.sum(weight.mul(weight));
        }
        return 0.5 * fixture.l2() * squaredNorms;
    }

    /** dW_l = δ_lᵀ · a_{l-1} + λ·W_l, one GEMM that adds its product to λ·W_l. */
    protected INDArray weightGradient(INDArray delta, INDArray input, INDArray weight) {
        return Nd4j.gemm(delta, input, weight.mul(fixture.l2()), true, false, 1.0, 1.0);
    }

    /** db_l = Σ over samples (rows) of δ_l; no penalty on biases. */
    protected INDArray biasGradient(INDArray delta, INDArray bias) {
        return delta.sum(0);
    }

    /** ∂J/∂a_{l-1} = δ_l · W_l. */
    protected INDArray backpropagate(INDArray delta, INDArray weight) {
        return delta.mmul(weight);
    }

    /** f_layer'(z_layer), for the hidden layer the gradient is passing through. */
    protected INDArray activationDerivative(int layer, ForwardPass pass) {
        return activations[layer].derivative(pass.z(layer), pass.a(layer));
    }

    /** Loss and gradients at the fixture's own parameters. */
    public LossAndGradients lossAndGradients() {
        return lossAndGradients(initialParameters());
    }

    /** Loss, gradients and the forward intermediates z1, a1, …, zL (and softmax for cross-entropy). */
    public LossAndGradients lossAndGradients(Map<String, INDArray> params) {
        ForwardPass pass = forward(params);
        Map<String, Tensor> gradients = new LinkedHashMap<>();
        backward(pass, params).forEach((name, array) -> gradients.put(name, Nd4jTensors.toTensor(array)));
        Map<String, Tensor> intermediates = new LinkedHashMap<>();
        for (int l = 1; l <= fixture.depth(); l++) {
            intermediates.put(LossAndGradients.preActivationName(l), Nd4jTensors.toTensor(pass.z(l)));
            if (l < fixture.depth()) {
                intermediates.put(LossAndGradients.activationName(l), Nd4jTensors.toTensor(pass.a(l)));
            }
        }
        dataLoss.probabilities(pass.output()).ifPresent(
                p -> intermediates.put(LossAndGradients.SOFTMAX, Nd4jTensors.toTensor(p)));
        return new LossAndGradients(loss(pass, params), gradients, intermediates);
    }

    private Map<String, INDArray> inLayerOrder(Map<String, INDArray> gradients) {
        Map<String, INDArray> ordered = new LinkedHashMap<>();
        for (String name : fixture.parameterNames()) {
            ordered.put(Fixture.gradientName(name), gradients.get(Fixture.gradientName(name)));
        }
        return ordered;
    }
}
