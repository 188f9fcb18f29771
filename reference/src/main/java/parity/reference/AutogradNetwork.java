package parity.reference;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import parity.api.DType;
import parity.api.Fixture;
import parity.api.Loss;
import parity.api.LossAndGradients;
import parity.api.LossOptions;
import parity.api.Targets;
import parity.api.Tensor;
import parity.api.Training;
import parity.api.Trajectory;

/**
 * The fixture's network on PyTorch (libtorch through DJL), differentiated by autograd: no derivative
 * here is written by hand.
 *
 * <pre>
 * z_l = a_{l-1} · W_lᵀ + b_l,  a_l = f_l(z_l) for l &lt; L      (no b_l in a layer without bias)
 * softmax_cross_entropy: data = -mean_i gather(log_softmax(z_L, 1), y)_i     (what torch's nll_loss computes)
 * mse:                   data = mean((z_L - t)²)                              (what torch's mse_loss computes)
 * huber:                 data = mean(where(|d| &lt; δ, d²/2, δ·(|d| - δ/2))), d = z_L - t   (torch's huber_loss)
 * bce_with_logits:       data = mean((1 - t)·z_L + w·softplus(-z_L)), w = 1 + (p - 1)·t
 *                        (torch's binary_cross_entropy_with_logits with pos_weight p)
 * l1:                    data = mean(|z_L - t|)                               (torch's l1_loss)
 * cross-entropy with class weights w or label smoothing ε:
 *                        data = -sum(a ⊙ log_softmax(z_L, 1)) / Σ_n w_{y_n},  a_nc = (1 - ε)·w_{y_n}·[c = y_n] + (ε/C)·w_c
 * a loss of your own:    data = its {@link TorchLoss#forward()} of (z_L, targets)
 * J = data + 0.5·λ·Σ_l sum(W_l²)     (added explicitly: no optimiser weight decay, biases excluded)
 * </pre>
 * Every call builds fresh parameter arrays, since libtorch accumulates gradients across collectors,
 * and closes its {@link NDManager}, since native memory is not garbage-collected. Every array made from
 * Java values is attached to that manager, which keeps it (and the Java memory libtorch reads it from)
 * until the gradients have been read; see {@link TorchActivation} on why that matters. Calls run
 * one at a time per JVM, with libtorch on one thread ({@link Autograd}), so that tests may call it from
 * many threads.
 */
public final class AutogradNetwork {

    private final Fixture fixture;
    private final List<TorchFunction> custom;
    private final List<TorchActivation> customActivations;

    /**
     * The fixture's network, whose activations and loss are built in.
     *
     * @param fixture the network, its parameters and its data
     */
    public AutogradNetwork(Fixture fixture) {
        this(fixture, List.of());
    }

    /**
     * The fixture's network, whose activations and loss are built in or among {@code custom}.
     *
     * @param fixture the network, its parameters and its data
     * @param custom activations and losses of a user's own, with their libtorch forwards
     */
    public AutogradNetwork(Fixture fixture, List<? extends TorchFunction> custom) {
        this.fixture = fixture;
        this.custom = List.copyOf(custom);
        this.customActivations = custom.stream().filter(TorchActivation.class::isInstance)
                .map(TorchActivation.class::cast).toList();
    }

    /**
     * Loss and gradients at the fixture's own parameters: {@link #lossAndGradients(Map)} of {@link Fixture#params()}.
     *
     * @return J, ∂J/∂θ for every parameter, and the forward intermediates
     */
    public LossAndGradients lossAndGradients() {
        return lossAndGradients(fixture.params());
    }

    /**
     * Loss and gradients at the given parameters (keyed W1, b1, …), on the fixture's data, with the
     * forward intermediates as libtorch computed them: z1, a1, …, zL, and softmax for cross-entropy.
     *
     * @param paramValues every parameter of the network, by name
     * @return J, ∂J/∂θ for every parameter, and the forward intermediates
     */
    public LossAndGradients lossAndGradients(Map<String, Tensor> paramValues) {
        return Autograd.serially(() -> computeLossAndGradients(paramValues));
    }

    private LossAndGradients computeLossAndGradients(Map<String, Tensor> paramValues) {
        try (NDManager manager = engine().newBaseManager()) {
            Step step = step(manager, paramValues);
            Map<String, Tensor> gradients = new LinkedHashMap<>();
            step.leaves.forEach((name, leaf) -> gradients.put(Fixture.gradientName(name), toTensor(leaf.getGradient())));
            Map<String, Tensor> forward = new LinkedHashMap<>();
            step.intermediates.forEach((name, array) -> forward.put(name, toTensor(array.stopGradient())));
            return new LossAndGradients(scalar(step.loss), gradients, forward);
        }
    }

    /**
     * Runs the fixture's {@code training} block: every step takes autograd's gradients of its batch's loss
     * (rows {@code (k·b + i) mod N}; all N for a full batch) at the current parameters and updates them in
     * libtorch with the block's {@link TorchOptimizer}, in the fixture's dtype. The losses recorded are over
     * all N samples, before each step and after the last.
     *
     * @return the loss before each step and after the last, the parameters after each step
     */
    public Trajectory train() {
        return Autograd.serially(this::runTraining);
    }

    private Trajectory runTraining() {
        Training training = fixture.training();
        TorchOptimizer optimizer = TorchOptimizer.of(training);
        boolean fullBatch = training.fullBatch(fixture.samples());
        Map<String, Tensor> params = fixture.params();
        List<Double> losses = new ArrayList<>();
        List<Map<String, Tensor>> trajectory = new ArrayList<>();
        for (int k = 0; k < training.steps(); k++) {
            try (NDManager manager = engine().newBaseManager()) {
                Step step = step(manager, params);
                losses.add(scalar(step.loss));
                trajectory.add(params);
                Step batch = fullBatch ? step
                        : new AutogradNetwork(fixture.batch(training.batchRows(k, fixture.samples())), custom)
                                .step(manager, params);
                optimizer.beginStep();
                Map<String, Tensor> next = new LinkedHashMap<>();
                batch.leaves.forEach((name, leaf) ->
                        next.put(name, toTensor(optimizer.update(name, leaf.stopGradient(), leaf.getGradient()))));
                params = next;
            }
        }
        try (NDManager manager = engine().newBaseManager()) {
            Map<String, NDArray> values = new LinkedHashMap<>();
            for (String name : fixture.parameterNames()) {
                values.put(name, toArray(manager, params.get(name)));
            }
            losses.add(scalar(totalLoss(manager, values, new LinkedHashMap<>())));
        }
        trajectory.add(params);
        return new Trajectory(losses, trajectory);
    }

    /** Fresh leaf arrays for the parameters, the loss of them, and their gradients filled by backward. */
    private Step step(NDManager manager, Map<String, Tensor> paramValues) {
        Map<String, NDArray> leaves = new LinkedHashMap<>();
        for (String name : fixture.parameterNames()) {
            NDArray leaf = toArray(manager, paramValues.get(name));
            leaf.setRequiresGradient(true);
            leaves.put(name, leaf);
        }
        Map<String, NDArray> intermediates = new LinkedHashMap<>();
        try (GradientCollector collector = Autograd.collector()) {
            NDArray loss = totalLoss(manager, leaves, intermediates);
            collector.backward(loss);
            return new Step(leaves, loss, intermediates);
        }
    }

    private record Step(Map<String, NDArray> leaves, NDArray loss, Map<String, NDArray> intermediates) {
    }

    private static Engine engine() {
        return Autograd.engine();
    }

    /** The total loss; {@code intermediates} receives z1, a1, …, zL (and softmax) on the way. */
    private NDArray totalLoss(NDManager manager, Map<String, NDArray> params, Map<String, NDArray> intermediates) {
        NDArray a = toArray(manager, fixture.inputs());
        int depth = fixture.depth();
        NDArray penalty = manager.zeros(new Shape(), dataType());
        for (int l = 1; l <= depth; l++) {
            NDArray weight = params.get(Fixture.weightName(l));
            NDArray product = a.matMul(weight.transpose());
            NDArray z = fixture.hasBias(l) ? product.add(params.get(Fixture.biasName(l))) : product;
            intermediates.put(LossAndGradients.preActivationName(l), z);
            a = l < depth ? activate(l, z) : z;
            if (l < depth) {
                intermediates.put(LossAndGradients.activationName(l), a);
            }
            penalty = penalty.add(weight.square().sum());
        }
        if (fixture.loss() == Loss.BuiltIn.SOFTMAX_CROSS_ENTROPY) {
            intermediates.put(LossAndGradients.SOFTMAX, a.softmax(1));
        }
        // A Java double would become a float64 scalar, and torch promotes scalar * scalar to float64:
        // the factor is made in the fixture's dtype so that a float32 loss stays float32.
        NDArray halfLambda = manager.create(0.5 * fixture.l2()).toType(dataType(), false);
        return dataLoss(manager, a).add(penalty.mul(halfLambda));
    }

    private NDArray activate(int layer, NDArray z) {
        return ReferenceActivations.apply(fixture.activation(layer), customActivations, z);
    }

    private NDArray dataLoss(NDManager manager, NDArray output) {
        return fixture.loss().match(builtIn -> switch (builtIn) {
            case SOFTMAX_CROSS_ENTROPY -> crossEntropy(manager, output, (Targets.ClassLabels) fixture.targets());
            case MSE -> meanSquaredError(output.sub(targets(manager)));
            case HUBER -> huber(manager, output.sub(targets(manager)));
            case BCE_WITH_LOGITS -> binaryCrossEntropy(manager, output, targets(manager));
            case L1 -> output.sub(targets(manager)).abs().mean();
        }, own -> customLoss(own).forward().apply(output, TorchLoss.targets(manager, fixture.targets(), dataType())));
    }

    private TorchLoss customLoss(Loss.Custom loss) {
        return custom.stream().filter(f -> f instanceof TorchLoss own && own.loss() == loss).map(TorchLoss.class::cast)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("the reference has no loss \""
                        + loss.jsonName() + "\": pass its TorchLoss to the check"));
    }

    private NDArray targets(NDManager manager) {
        return toArray(manager, ((Targets.Values) fixture.targets()).values());
    }

    /** torch's mse_loss: mean of d², or their sum (reduction sum). */
    private NDArray meanSquaredError(NDArray d) {
        return switch (fixture.lossOptions().reduction()) {
            case MEAN -> d.square().mean();
            case SUM -> d.square().sum();
        };
    }

    /**
     * torch's binary_cross_entropy_with_logits: mean of (1 - t)·z + w·softplus(-z), w = 1 + (p - 1)·t with
     * pos_weight p per output (a row broadcast over the samples), constants tensors of the manager.
     */
    private NDArray binaryCrossEntropy(NDManager manager, NDArray z, NDArray t) {
        NDArray one = manager.create(1.0).toType(dataType(), false);
        int outputs = fixture.layers()[fixture.depth()];
        double[] p = new double[outputs];
        for (int c = 0; c < outputs; c++) {
            p[c] = fixture.lossOptions().posWeight(c);
        }
        NDArray w = manager.create(p).toType(dataType(), false).sub(one).mul(t).add(one);
        return one.sub(t).mul(z).add(w.mul(ai.djl.nn.Activation.softPlus(z.neg()))).mean();
    }

    /** torch's huber_loss: mean of where(|d| &lt; δ, d²/2, δ·(|d| - δ/2)); δ and ½ tensors of the manager. */
    private NDArray huber(NDManager manager, NDArray d) {
        NDArray delta = manager.create(fixture.lossOptions().delta()).toType(dataType(), false);
        NDArray half = manager.create(0.5).toType(dataType(), false);
        NDArray abs = d.abs();
        NDArray quadratic = d.square().mul(half);
        NDArray linear = abs.sub(delta.mul(half)).mul(delta);
        return NDArrays.where(abs.lt(delta), quadratic, linear).mean();
    }

    /**
     * torch's cross_entropy: the mean of -gather(log_softmax(z_L, 1), y); with class weights w or label
     * smoothing ε, Σ a ⊙ -log_softmax(z_L, 1) / Σ_n w_{y_n}, where a_nc = (1 - ε)·w_{y_n}·[c = y_n] + (ε/C)·w_c is
     * a constant of the manager, as torch's nll_loss and smoothing term sum to.
     */
    private NDArray crossEntropy(NDManager manager, NDArray output, Targets.ClassLabels labels) {
        int[] classes = labels.labels();
        LossOptions options = fixture.lossOptions();
        if (options.classWeights() == null && options.labelSmoothing() == 0) {
            long[] indices = new long[classes.length];
            for (int i = 0; i < classes.length; i++) {
                indices[i] = classes[i];
            }
            NDArray picked = output.logSoftmax(1).gather(manager.create(indices, new Shape(indices.length, 1)), 1);
            return picked.mean().neg();
        }
        int width = fixture.layers()[fixture.depth()];
        double[] a = new double[classes.length * width];
        for (int n = 0; n < classes.length; n++) {
            for (int c = 0; c < width; c++) {
                a[n * width + c] = options.targetWeight(classes[n], c, width);
            }
        }
        double total = options.totalWeight(classes);
        NDArray weights = manager.create(a, new Shape(classes.length, width)).toType(dataType(), false);
        NDArray divisor = manager.create(total).toType(dataType(), false);
        return output.logSoftmax(1).mul(weights).sum().neg().div(divisor);
    }

    /** The tensor as an array of the fixture's dtype. */
    private NDArray toArray(NDManager manager, Tensor tensor) {
        long[] shape = java.util.Arrays.stream(tensor.shape()).asLongStream().toArray();
        return manager.create(tensor.data(), new Shape(shape)).toType(dataType(), false);
    }

    private DataType dataType() {
        return fixture.dtype() == DType.FLOAT32 ? DataType.FLOAT32 : DataType.FLOAT64;
    }

    static Tensor toTensor(NDArray array) {
        int[] shape = java.util.Arrays.stream(array.getShape().getShape()).mapToInt(Math::toIntExact).toArray();
        return new Tensor(shape, array.toType(DataType.FLOAT64, false).toDoubleArray());
    }

    private static double scalar(NDArray array) {
        return array.toType(DataType.FLOAT64, false).toDoubleArray()[0];
    }
}
