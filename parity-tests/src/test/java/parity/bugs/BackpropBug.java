package parity.bugs;

import static parity.compare.NetworkRule.ACTIVATION;
import static parity.compare.NetworkRule.BIAS_GRADIENT;
import static parity.compare.NetworkRule.DATA_LOSS;
import static parity.compare.NetworkRule.HIDDEN_DELTA;
import static parity.compare.NetworkRule.L2_PENALTY;
import static parity.compare.NetworkRule.OPTIMIZER_UPDATE;
import static parity.compare.NetworkRule.OUTPUT_DELTA;
import static parity.compare.NetworkRule.SOFTMAX;
import static parity.compare.NetworkRule.WEIGHT_GRADIENT;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.BinaryOperator;
import java.util.function.IntFunction;
import java.util.function.ToDoubleFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import parity.api.Activation;
import parity.api.Fixture;
import parity.api.Loss;
import parity.api.Targets;
import parity.api.Tensor;
import parity.api.Trainable;
import parity.api.Training;
import parity.api.Trajectory;
import parity.compare.NetworkRule;
import parity.core.Nd4jTensors;
import parity.core.activation.ActivationFunction;
import parity.core.loss.DataLoss;
import parity.core.loss.SoftmaxCrossEntropy;
import parity.core.network.ForwardPass;
import parity.core.network.HandwrittenNetwork;
import parity.core.network.TrainingRun;
import parity.core.optim.Adam;
import parity.core.optim.Optimizer;
import parity.core.optim.Sgd;

/**
 * The catalogue of classic hand-written backprop and optimiser bugs. Each is core's real network, or its
 * real optimiser or training loop, with exactly one rule replaced by its broken variant; it lives in test scope, so production code cannot reach it.
 * A bug that only concerns one activation or loss leaves the others as they are. Each says which rule
 * of the network it breaks ({@link #breaks}), in the terms a failure message names it in; L2 on the
 * biases breaks two, the penalty and the bias gradient, which its wrong penalty's derivative changes.
 */
enum BackpropBug {

    GRADIENT_WITHOUT_ONE_OVER_N(Set.of(OUTPUT_DELTA), "gradient without 1/N", "the data gradient is not divided by the batch size",
            f -> new BrokenNetwork(f, activation(f), scaled(DataLoss.of(f), z -> z.rows()))),

    L2_GRADIENT_MISSING(Set.of(WEIGHT_GRADIENT), "L2 gradient missing", "dW = δᵀ·a, without + λ·W", f -> new BrokenNetwork(f) {
        @Override
        protected INDArray weightGradient(INDArray delta, INDArray input, INDArray weight) {
            return delta.transpose().mmul(input);
        }
    }),

    L2_ON_BIASES(Set.of(L2_PENALTY, BIAS_GRADIENT), "L2 applied to biases", "the penalty and its gradient include the biases", f -> new BrokenNetwork(f) {
        @Override
        protected INDArray biasGradient(INDArray delta, INDArray bias) {
            return super.biasGradient(delta, bias).addi(bias.mul(f.l2()));
        }

        @Override
        protected double penalty(java.util.Map<String, INDArray> params) {
            return super.penalty(params) + 0.5 * f.l2() * squares(f, params, Fixture::biasName);
        }
    }),

    L2_GRADIENT_TWICE(Set.of(WEIGHT_GRADIENT), "L2 gradient 2·λ·W", "the 0.5 of 0.5·λ·‖W‖² forgotten in the derivative", f -> new BrokenNetwork(f) {
        @Override
        protected INDArray weightGradient(INDArray delta, INDArray input, INDArray weight) {
            return super.weightGradient(delta, input, weight).addi(weight.mul(f.l2()));
        }
    }),

    SIGMOID_DERIVATIVE_FROM_Z(Set.of(HIDDEN_DELTA), "sigmoid derivative from z", "σ'(z) written as z·(1 - z) instead of a·(1 - a)",
            f -> withDerivative(f, Activation.BuiltIn.SIGMOID, (right, z, a) -> right.derivative(z, z))),

    TANH_DERIVATIVE_ONE_MINUS_A(Set.of(HIDDEN_DELTA), "tanh derivative 1 - a", "tanh'(z) written as 1 - a instead of 1 - a²",
            f -> withDerivative(f, Activation.BuiltIn.TANH, (right, z, a) -> a.rsub(1.0))),

    RELU_DERIVATIVE_ALWAYS_ONE(Set.of(HIDDEN_DELTA), "ReLU derivative 1 everywhere", "relu'(z) taken as 1 for z ≤ 0 too",
            f -> withDerivative(f, Activation.BuiltIn.RELU, (right, z, a) -> z.like().assign(1.0))),

    FIRST_ACTIVATION_IN_EVERY_LAYER(Set.of(ACTIVATION), "first layer's activation in every layer",
            "every hidden layer applies (and differentiates) f_1, as a network written for one activation does",
            f -> new BrokenNetwork(f, layer -> ActivationFunction.of(f.activation(1)), DataLoss.of(f))),

    SOFTMAX_WITHOUT_MAX_SUBTRACTION(Set.of(SOFTMAX), "softmax without max-subtraction", "e^z overflows for large logits",
            f -> new BrokenNetwork(f, activation(f), f.loss() != Loss.BuiltIn.SOFTMAX_CROSS_ENTROPY ? DataLoss.of(f)
                    : new SoftmaxCrossEntropy(f.lossOptions()) {
                        @Override
                        protected INDArray shifted(INDArray z) {
                            return z.dup();
                        }
                    })),

    SOFTMAX_GRADIENT_SIGN(Set.of(OUTPUT_DELTA), "softmax gradient sign flipped", "δ_L = onehot - softmax instead of softmax - onehot",
            f -> new BrokenNetwork(f, activation(f), f.loss() != Loss.BuiltIn.SOFTMAX_CROSS_ENTROPY ? DataLoss.of(f)
                    : scaled(DataLoss.of(f), z -> -1))),

    MSE_GRADIENT_WITHOUT_TWO(Set.of(OUTPUT_DELTA), "MSE gradient without the 2", "d(ŷ - t)²/dŷ written as (ŷ - t)",
            f -> new BrokenNetwork(f, activation(f), f.loss() != Loss.BuiltIn.MSE ? DataLoss.of(f)
                    : scaled(DataLoss.of(f), z -> 0.5))),

    HUBER_GRADIENT_NOT_CLIPPED(Set.of(OUTPUT_DELTA), "Huber gradient not clipped",
            "dh/dd taken as d everywhere, as inside δ, instead of δ·sign(d) outside it",
            f -> new BrokenNetwork(f, activation(f), f.loss() != Loss.BuiltIn.HUBER ? DataLoss.of(f)
                    : withGradient(DataLoss.of(f), (z, t) -> z.sub(t).divi(z.length())))),

    BCE_GRADIENT_WITHOUT_POS_WEIGHT(Set.of(OUTPUT_DELTA), "BCE gradient without pos_weight",
            "dℓ/dz taken as σ(z) - t, as without pos_weight, instead of w·σ(z) - p·t",
            f -> new BrokenNetwork(f, activation(f), f.loss() != Loss.BuiltIn.BCE_WITH_LOGITS ? DataLoss.of(f)
                    : withGradient(DataLoss.of(f), (z, t) -> Transforms.sigmoid(z, true).subi(t).divi(z.length())))),

    SUM_GRADIENT_DIVIDED_BY_N(Set.of(OUTPUT_DELTA), "sum-reduced MSE gradient divided by N·D",
            "reduction sum's gradient taken as the mean's, 2 (z - t) / (N·D) instead of 2 (z - t)",
            f -> new BrokenNetwork(f, activation(f), f.loss() != Loss.BuiltIn.MSE
                    || f.lossOptions().reduction() != parity.api.LossOptions.Reduction.SUM ? DataLoss.of(f)
                    : scaled(DataLoss.of(f), z -> 1.0 / z.length()))),

    L1_DERIVATIVE_ONE_AT_ZERO(Set.of(OUTPUT_DELTA), "l1 derivative 1 at d = 0",
            "sign(d) written as d ≥ 0 ? 1 : -1, where torch's derivative of |d| at its kink is sign(0) = 0",
            f -> new BrokenNetwork(f, activation(f), f.loss() != Loss.BuiltIn.L1 ? DataLoss.of(f)
                    : withGradient(DataLoss.of(f), (z, t) -> {
                        INDArray d = z.sub(t);
                        for (long i = 0; i < d.length(); i++) {
                            d.putScalar(i, (d.getDouble(i) >= 0 ? 1.0 : -1.0) / d.length());
                        }
                        return d;
                    }))),

    LABEL_SMOOTHING_LEFT_OUT_OF_THE_GRADIENT(Set.of(OUTPUT_DELTA), "label smoothing left out of the gradient",
            "δ_L = (p - onehot(y))/N, as without smoothing, while the loss smooths the targets",
            f -> new BrokenNetwork(f, activation(f), f.loss() != Loss.BuiltIn.SOFTMAX_CROSS_ENTROPY
                    || f.lossOptions().labelSmoothing() == 0 ? DataLoss.of(f)
                    : gradientOf(DataLoss.of(f), new SoftmaxCrossEntropy(new parity.api.LossOptions(1, null,
                            parity.api.LossOptions.Reduction.MEAN, 0, f.lossOptions().classWeights()))))),

    CLASS_WEIGHTED_GRADIENT_DIVIDED_BY_N(Set.of(OUTPUT_DELTA), "class-weighted gradient divided by N",
            "δ_L of the weighted mean divided by N instead of by Σ_n w[y_n], the weights the mean divides by",
            f -> new BrokenNetwork(f, activation(f), f.loss() != Loss.BuiltIn.SOFTMAX_CROSS_ENTROPY
                    || f.lossOptions().classWeights() == null ? DataLoss.of(f)
                    : scaled(DataLoss.of(f), z -> f.lossOptions().totalWeight(((Targets.ClassLabels) f.targets()).labels()) / z.rows()))),

    WEIGHT_TRANSPOSED_IN_BACKWARD(Set.of(HIDDEN_DELTA), "weight transposed wrongly in backward", "δ_{l-1} from δ_l · W_lᵀ instead of δ_l · W_l",
            f -> new BrokenNetwork(f) {
                @Override
                protected INDArray backpropagate(INDArray delta, INDArray weight) {
                    return delta.mmul(weight.transpose());
                }
            }),

    BIAS_GRADIENT_WRONG_AXIS(Set.of(BIAS_GRADIENT), "bias gradient over the wrong axis", "db summed over units instead of samples",
            f -> new BrokenNetwork(f) {
                @Override
                protected INDArray biasGradient(INDArray delta, INDArray bias) {
                    return delta.sum(1);
                }
            }),

    CARELESS_FLOAT32_L2_SUM(Set.of(L2_PENALTY), "careless float32 L2 sum", "Σ‖W‖² summed by ND4J's own float32 "
            + "reduction (sumNumber) instead of pairwise: 2.7·10⁻⁴ relative off on 2.9 million weights",
            f -> new BrokenNetwork(f) {
                @Override
                protected double penalty(java.util.Map<String, INDArray> params) {
                    return 0.5 * f.l2() * squares(f, params, Fixture::weightName);
                }
            }),

    DERIVATIVE_AT_WRONG_LAYER(Set.of(HIDDEN_DELTA), "activation derivative at the wrong layer",
            "δ_{l-1} multiplied by f'(z_l), the layer it came from, instead of f'(z_{l-1})",
            f -> new BrokenNetwork(f) {
                @Override
                protected INDArray activationDerivative(int layer, ForwardPass pass) {
                    int wrong = layer + 1 < f.depth() ? layer + 1 : layer;
                    return super.activationDerivative(wrong, pass);
                }
            }),

    ADAM_WITHOUT_BIAS_CORRECTION("Adam without bias correction", "θ ← θ - lr·m / (√v + ε): m and v not divided by "
            + "1 - β1^t and 1 - β2^t", training -> !isAdam(training) ? Optimizer.of(training) : new Adam(training.learningRate(), adam(training)) {
                @Override
                protected INDArray denominator(INDArray v) {
                    return Transforms.sqrt(v, true).addi(eps);
                }

                @Override
                protected double stepSize() {
                    return learningRate;
                }
            }),

    EPS_INSIDE_THE_SQUARE_ROOT("ε inside the square root", "√(v̂ + ε) instead of √v̂ + ε",
            training -> !isAdam(training) ? Optimizer.of(training) : new Adam(training.learningRate(), adam(training)) {
                @Override
                protected INDArray denominator(INDArray v) {
                    return Transforms.sqrt(v.div(1 - Math.pow(beta2, step)).addi(eps), false);
                }
            }),

    ADAM_DECAY_DECOUPLED("Adam's weight decay decoupled", "Adam takes wd off the parameter, θ·(1 - lr·wd), as AdamW "
            + "does, instead of adding wd·θ to the gradient",
            training -> !isAdam(training) || adam(training).decoupled() ? Optimizer.of(training)
                    : new Adam(training.learningRate(), adam(training)) {
                @Override
                protected INDArray decayedGradient(INDArray gradient, INDArray param) {
                    return gradient;
                }

                @Override
                protected INDArray decayedParameter(INDArray param) {
                    return decoupledDecay(param);
                }
            }),

    ADAMW_DECAY_COUPLED("AdamW's weight decay coupled", "AdamW adds wd·θ to the gradient, as Adam does, instead of "
            + "taking it off the parameter",
            training -> !isAdam(training) || !adam(training).decoupled() ? Optimizer.of(training)
                    : new Adam(training.learningRate(), adam(training)) {
                @Override
                protected INDArray decayedGradient(INDArray gradient, INDArray param) {
                    return coupledDecay(gradient, param);
                }

                @Override
                protected INDArray decayedParameter(INDArray param) {
                    return param;
                }
            }),

    NESTEROV_AS_PLAIN_MOMENTUM("Nesterov computed as plain momentum", "the step takes buf instead of g + μ·buf",
            training -> isAdam(training) ? Optimizer.of(training) : new Sgd(training.learningRate(), sgd(training)) {
                @Override
                protected INDArray lookAhead(INDArray gradient, INDArray buffer) {
                    return buffer;
                }
            }),

    DAMPENING_IGNORED("dampening ignored", "buf ← μ·buf + g instead of μ·buf + (1 - τ)·g",
            training -> isAdam(training) ? Optimizer.of(training) : new Sgd(training.learningRate(), sgd(training)) {
                @Override
                protected INDArray momentumBuffer(INDArray buffer, INDArray gradient) {
                    return buffer.mul(sgd(training).momentum()).addi(gradient);
                }
            }),

    BATCH_WINDOW_OFF_BY_ONE(Set.of(OPTIMIZER_UPDATE), "batch window off by one", "step k takes the rows "
            + "(k·b + i + 1) mod N instead of (k·b + i) mod N", HandwrittenNetwork::new, fixture -> new TrainingRun(
                    fixture, HandwrittenNetwork::new, Optimizer.of(fixture.training())) {
                @Override
                protected int[] batchRows(int step) {
                    int[] rows = super.batchRows(step);
                    for (int i = 0; i < rows.length; i++) {
                        rows[i] = (rows[i] + 1) % fixture.samples();
                    }
                    return rows;
                }
            }),

    ZERO_BIAS_TRAINED(Set.of(DATA_LOSS), "a layer without bias trains a zero bias",
            "Linear(bias=False) ported as a layer whose bias starts at 0 and is updated with the rest, though "
            + "never reported: step 0 agrees, the loss parts from step 1", HandwrittenNetwork::new,
            fixture -> new TrainingRun(withZeroBiases(fixture), HandwrittenNetwork::new,
                    Optimizer.of(fixture.training())) {
                @Override
                public Trajectory run() {
                    Trajectory run = super.run();
                    List<Map<String, Tensor>> reported = new ArrayList<>();
                    for (Map<String, Tensor> params : run.params()) {
                        Map<String, Tensor> own = new LinkedHashMap<>(params);
                        own.keySet().retainAll(fixture.parameterNames());
                        reported.add(own);
                    }
                    return new Trajectory(run.losses(), reported);
                }
            });

    /** The rules of the network whose output this bug makes wrong first. */
    final Set<NetworkRule> breaks;
    final String title;
    final String description;
    private final Function<Fixture, HandwrittenNetwork> network;
    private final Function<Fixture, TrainingRun> training;

    /** A bug of the network: training runs the broken network with the right optimiser. */
    BackpropBug(Set<NetworkRule> breaks, String title, String description,
            Function<Fixture, HandwrittenNetwork> network) {
        this(breaks, title, description, network, fixture -> new TrainingRun(fixture, network,
                Optimizer.of(fixture.training())));
    }

    /** A bug of the optimiser: the right network, trained with the broken optimiser. */
    BackpropBug(String title, String description, Function<Training, Optimizer> optimizer) {
        this(Set.of(OPTIMIZER_UPDATE), title, description, HandwrittenNetwork::new, fixture -> new TrainingRun(
                fixture, HandwrittenNetwork::new, optimizer.apply(fixture.training())));
    }

    BackpropBug(Set<NetworkRule> breaks, String title, String description,
            Function<Fixture, HandwrittenNetwork> network, Function<Fixture, TrainingRun> training) {
        this.breaks = breaks;
        this.title = title;
        this.description = description;
        this.network = network;
        this.training = training;
    }

    /** The broken core as an implementation, gradients and training alike. */
    Trainable implementation() {
        return Trainable.of("core with " + title, description,
                fixture -> network.apply(fixture).lossAndGradients(), fixture -> training.apply(fixture).run());
    }

    /** The fixture with a bias in every layer: 0 where the fixture has none. */
    private static Fixture withZeroBiases(Fixture fixture) {
        Map<String, Tensor> params = new LinkedHashMap<>();
        boolean[] all = new boolean[fixture.depth()];
        for (int l = 1; l <= fixture.depth(); l++) {
            all[l - 1] = true;
            params.put(Fixture.weightName(l), fixture.weight(l));
            params.put(Fixture.biasName(l), fixture.hasBias(l) ? fixture.bias(l)
                    : new Tensor(new int[] {fixture.layers()[l]}, new double[fixture.layers()[l]]));
        }
        return new Fixture(fixture.source(), fixture.name(), fixture.description(), fixture.dtype(), fixture.layers(),
                fixture.activations(), all, fixture.loss(), fixture.lossOptions(), fixture.l2(), fixture.inputs(),
                fixture.targets(), params,
                fixture.tolerance(), fixture.training(), fixture.expected());
    }

    private static boolean isAdam(Training training) {
        return training.optimizer() instanceof parity.api.Optimizer.Adam;
    }

    private static parity.api.Optimizer.Adam adam(Training training) {
        return (parity.api.Optimizer.Adam) training.optimizer();
    }

    private static parity.api.Optimizer.Sgd sgd(Training training) {
        return (parity.api.Optimizer.Sgd) training.optimizer();
    }

    /** Σ_l ‖P_l‖² for the parameters {@code name(l)} names, each layer's sum taken by ND4J's own reduction. */
    private static double squares(Fixture fixture, java.util.Map<String, INDArray> params,
            java.util.function.IntFunction<String> name) {
        double squares = 0;
        for (int l = 1; l <= fixture.depth(); l++) {
            INDArray values = params.get(name.apply(l));
            squares += values.mul(values).sumNumber().doubleValue();
        }
        return squares;
    }

    /** Each hidden layer's own activation, as core has it. */
    private static IntFunction<ActivationFunction> activation(Fixture fixture) {
        return layer -> ActivationFunction.of(fixture.activation(layer));
    }

    /** A derivative written wrongly, from the right function, z and a = f(z). */
    private interface WrongDerivative {
        INDArray of(ActivationFunction right, INDArray z, INDArray a);
    }

    /** The layers whose activation is {@code which} with another derivative; the network as it is without one. */
    private static HandwrittenNetwork withDerivative(Fixture fixture, Activation which, WrongDerivative derivative) {
        if (!fixture.activations().contains(which)) {
            return new BrokenNetwork(fixture);
        }
        return new BrokenNetwork(fixture, layer -> {
            ActivationFunction right = ActivationFunction.of(fixture.activation(layer));
            return fixture.activation(layer) != which ? right : new ActivationFunction() {
                @Override
                public INDArray apply(INDArray z) {
                    return right.apply(z);
                }

                @Override
                public INDArray derivative(INDArray z, INDArray a) {
                    return derivative.of(right, z, a);
                }
            };
        }, DataLoss.of(fixture));
    }

    /** The loss with another gradient, of z and the targets as an array of z's dtype; its value as it was. */
    private static DataLoss withGradient(DataLoss loss, BinaryOperator<INDArray> gradient) {
        return gradientOf(loss, (z, targets) ->
                gradient.apply(z, Nd4jTensors.toArray(((Targets.Values) targets).values(), z.dataType())));
    }

    /** The loss with its gradient multiplied by {@code factor(z)}. */
    private static DataLoss scaled(DataLoss loss, ToDoubleFunction<INDArray> factor) {
        return gradientOf(loss, (z, targets) -> loss.gradient(z, targets).muli(factor.applyAsDouble(z)));
    }

    /** The loss's value and probabilities, with {@code other}'s gradient. */
    private static DataLoss gradientOf(DataLoss loss, DataLoss other) {
        return gradientOf(loss, other::gradient);
    }

    /** The loss's value and probabilities, with another gradient of z and the targets. */
    private static DataLoss gradientOf(DataLoss loss, java.util.function.BiFunction<INDArray, Targets, INDArray> gradient) {
        return new DataLoss() {
            @Override
            public double value(INDArray z, Targets targets) {
                return loss.value(z, targets);
            }

            @Override
            public INDArray gradient(INDArray z, Targets targets) {
                return gradient.apply(z, targets);
            }

            @Override
            public Optional<INDArray> probabilities(INDArray z) {
                return loss.probabilities(z);
            }
        };
    }

    /** Core's network; the constructor that takes an activation and a loss is protected, hence this class. */
    private static class BrokenNetwork extends HandwrittenNetwork {
        BrokenNetwork(Fixture fixture) {
            super(fixture);
        }

        BrokenNetwork(Fixture fixture, IntFunction<ActivationFunction> activations, DataLoss loss) {
            super(fixture, activations, loss);
        }
    }
}
