package parity.property;

import java.util.LinkedHashMap;
import java.util.Map;
import parity.api.Activation;
import parity.api.DType;
import parity.api.Fixture;
import parity.api.Loss;
import parity.api.LossAndGradients;
import parity.api.Targets;
import parity.api.Tensor;

/**
 * DL4J 1.0.0-M2.1's loss and gradients as a model built from PyTorch's forward pass (never from DL4J's values),
 * by a backward pass written out here, with or without the conventions docs/dl4j.md names:
 * <ul>
 * <li>{@code LossMCXENT} clips the softmax to [1e-10, 1 - 1e-10] in its score, not its gradient;
 * <li>{@code LossBinaryXENT} clips σ to [1e-5, 1 - 1e-5] (both bounds in the fixture's dtype) in its score and
 *     its gradient, which is (σc - t) / (σc·(1 - σc)) · σ'(z) with σc the clipped σ and σ'(z) = σ·(1 - σ), σ
 *     computed as libnd4j does in the fixture's dtype, in place of σ - t;
 * <li>libnd4j's {@code lrelu_bp} takes its slope as a C {@code float}: (float) 0.01 = 0.009999999776482582 in the
 *     backward pass (the forward pass keeps 0.01), and slope 1 at exactly 0.
 * <li>{@code ActivationSoftPlus} has no threshold: log(1 + e^z) and derivative σ(z) for every z, where torch's
 *     softplus is z, with derivative 1, above z = 20.
 * </ul>
 * Without them ({@link #TORCH}) the same code is PyTorch's loss and gradients, which checks the backward pass.
 */
record Dl4jConventions(boolean softmaxClip, boolean sigmoidClip, boolean floatLeakySlope, boolean softplusNoThreshold) {

    /** Every convention of DL4J's. */
    static final Dl4jConventions DL4J = new Dl4jConventions(true, true, true, true);
    /** None: torch's definitions. */
    static final Dl4jConventions TORCH = new Dl4jConventions(false, false, false, false);
    /** torch's softplus is z itself above this z (its default threshold), and its derivative 1 there. */
    static final double SOFTPLUS_THRESHOLD = 20;

    /** LossMCXENT's {@code DEFAULT_SOFTMAX_CLIPPING_EPSILON}. */
    static final double SOFTMAX_CLIP = 1e-10;
    /** LossBinaryXENT's default {@code clipEps}. */
    static final double SIGMOID_CLIP = 1e-5;
    /** |z| beyond which σ(z) lies outside [1e-5, 1 - 1e-5]: ln((1 - 1e-5) / 1e-5) ≈ 11.51. */
    static final double SIGMOID_CLIP_LOGIT = Math.log((1 - SIGMOID_CLIP) / SIGMOID_CLIP);
    /** The slope libnd4j's lrelu_bp uses for α = 0.01: the float nearest 0.01. */
    static final double FLOAT_SLOPE = (float) 0.01;

    /** The model's loss and gradients at the fixture's parameters, from {@code torch}'s forward pass. */
    LossAndGradients lossAndGradients(Fixture fixture, LossAndGradients torch) {
        int depth = fixture.depth();
        int n = fixture.samples();
        double[][][] z = new double[depth + 1][][];
        double[][][] a = new double[depth + 1][][];
        a[0] = fixture.inputs().rows();
        for (int l = 1; l <= depth; l++) {
            z[l] = torch.forward().get(LossAndGradients.preActivationName(l)).rows();
            if (l < depth) {
                a[l] = torch.forward().get(LossAndGradients.activationName(l)).rows();
                if (softplusNoThreshold && fixture.activation(l) == Activation.BuiltIn.SOFTPLUS) {
                    for (int s = 0; s < n; s++) {
                        for (int j = 0; j < a[l][s].length; j++) {
                            if (z[l][s][j] > SOFTPLUS_THRESHOLD) {
                                a[l][s][j] = z[l][s][j] + Math.log1p(Math.exp(-z[l][s][j]));
                            }
                        }
                    }
                }
            }
        }
        double[][] zl = z[depth];
        int outputs = zl[0].length;
        double[][] delta = new double[n][outputs];
        double data = 0;
        Loss.BuiltIn loss = (Loss.BuiltIn) fixture.loss();
        switch (loss) {
            case MSE, L1 -> {
                double[][] t = ((Targets.Values) fixture.targets()).values().rows();
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < outputs; j++) {
                        double d = zl[i][j] - t[i][j];
                        data += loss == Loss.BuiltIn.MSE ? d * d : Math.abs(d);
                        delta[i][j] = (loss == Loss.BuiltIn.MSE ? 2 * d : Math.signum(d)) / (n * outputs);
                    }
                }
                data /= n * outputs;
            }
            case SOFTMAX_CROSS_ENTROPY -> {
                int[] labels = ((Targets.ClassLabels) fixture.targets()).labels();
                double[][] p = torch.forward().get(LossAndGradients.SOFTMAX).rows();
                for (int i = 0; i < n; i++) {
                    double py = p[i][labels[i]];
                    data -= softmaxClip ? Math.log(Math.min(Math.max(py, SOFTMAX_CLIP), 1 - SOFTMAX_CLIP))
                            : logSoftmax(zl[i], labels[i]);
                    for (int j = 0; j < outputs; j++) {
                        delta[i][j] = (p[i][j] - (j == labels[i] ? 1 : 0)) / n;
                    }
                }
                data /= n;
            }
            case BCE_WITH_LOGITS -> {
                double[][] t = ((Targets.Values) fixture.targets()).values().rows();
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < outputs; j++) {
                        double x = zl[i][j];
                        double y = t[i][j];
                        double s = sigmoid(x, fixture.dtype());
                        if (sigmoidClip) {
                            // clipbyvalue takes its bounds in the array's dtype: 1 - 1e-5 as a float is 1 - 1.0014e-5.
                            double c = Math.min(Math.max(s, fixture.dtype().round(SIGMOID_CLIP)),
                                    fixture.dtype().round(1 - SIGMOID_CLIP));
                            data -= y * Math.log(c) + (1 - y) * Math.log(1 - c);
                            delta[i][j] = (c - y) / (c * (1 - c)) * (s * (1 - s)) / (n * outputs);
                        } else {
                            data += Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
                            delta[i][j] = (1 / (1 + Math.exp(-x)) - y) / (n * outputs);
                        }
                    }
                }
                data /= n * outputs;
            }
            default -> throw new IllegalArgumentException("no model of " + loss.jsonName());
        }
        double squares = 0;
        Map<String, Tensor> gradients = new LinkedHashMap<>();
        for (int l = depth; l >= 1; l--) {
            double[][] w = fixture.weight(l).rows();
            double[][] dw = new double[w.length][w[0].length];
            for (int o = 0; o < w.length; o++) {
                for (int i = 0; i < w[0].length; i++) {
                    double sum = 0;
                    for (int s = 0; s < n; s++) {
                        sum += delta[s][o] * a[l - 1][s][i];
                    }
                    dw[o][i] = sum + fixture.l2() * w[o][i];
                    squares += w[o][i] * w[o][i];
                }
            }
            gradients.put(Fixture.gradientName(Fixture.weightName(l)), Tensor.matrix(dw));
            if (fixture.hasBias(l)) {
                double[] db = new double[w.length];
                for (int o = 0; o < w.length; o++) {
                    for (int s = 0; s < n; s++) {
                        db[o] += delta[s][o];
                    }
                }
                gradients.put(Fixture.gradientName(Fixture.biasName(l)), Tensor.vector(db));
            }
            if (l > 1) {
                double[][] next = new double[n][w[0].length];
                for (int s = 0; s < n; s++) {
                    for (int i = 0; i < w[0].length; i++) {
                        double sum = 0;
                        for (int o = 0; o < w.length; o++) {
                            sum += delta[s][o] * w[o][i];
                        }
                        next[s][i] = sum * derivative(fixture.activation(l - 1), z[l - 1][s][i], a[l - 1][s][i],
                                fixture.dtype());
                    }
                }
                delta = next;
            }
        }
        Map<String, Tensor> ordered = new LinkedHashMap<>();
        for (String name : fixture.parameterNames()) {
            ordered.put(Fixture.gradientName(name), gradients.get(Fixture.gradientName(name)));
        }
        return new LossAndGradients(data + 0.5 * fixture.l2() * squares, ordered);
    }

    private double derivative(Activation activation, double z, double a, DType dtype) {
        return switch ((Activation.BuiltIn) activation) {
            case SIGMOID -> a * (1 - a);
            case TANH -> 1 - a * a;
            case RELU -> z > 0 ? 1 : 0;
            case LEAKY_RELU -> floatLeakySlope ? (z < 0 ? FLOAT_SLOPE : 1) : (z > 0 ? 1 : 0.01);
            case SOFTPLUS -> !softplusNoThreshold && z > SOFTPLUS_THRESHOLD ? 1 : 1 / (1 + Math.exp(-z));
        };
    }

    /**
     * libnd4j's σ, 1 / (1 + e^-z), each step rounded to the dtype: in float32, 1 - σ near 1 keeps only what the
     * rounding of 1 + e^-z and of the division leave of it.
     */
    private static double sigmoid(double z, DType dtype) {
        if (dtype == DType.FLOAT32) {
            float e = (float) Math.exp(-z);
            float d = 1f + e;
            return 1f / d;
        }
        return 1 / (1 + Math.exp(-z));
    }

    private static double logSoftmax(double[] z, int label) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : z) {
            sum += Math.exp(v - max);
        }
        return z[label] - max - Math.log(sum);
    }
}
