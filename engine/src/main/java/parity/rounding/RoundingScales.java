package parity.rounding;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import parity.api.Fixture;
import parity.api.LossAndGradients;
import parity.api.LossOptions;
import parity.api.Targets;

/**
 * For every element of every compared quantity (z_l, a_l, softmax, the loss, dW_l, db_l), the scale S
 * of the rounding error that a careful float computation of it carries, in units of the unit roundoff
 * u: the error is at most about λ·u·S ({@link RoundingBound}). Computed in float64 from the fixture's
 * values, by the same forward and backward pass as the network's, carrying beside each value v its
 * rounding variance V = S², the probabilistic model of Higham and Mary (2019): every rounding is an
 * independent error δ with |δ| ≤ u and mean 0, so that variances add where worst-case bounds add
 * magnitudes. A sum of k products x_i·y_i (a matrix product's inner dimension) has variance at most
 * k·(Σ|x_i·y_i|)², its γ̃_k ≈ √k·u; an error already in x_i reaches the sum with weight y_i, adding
 * y_i²·V(x_i). So, with |·| and squares taken element by element and Σ over the inner dimension:
 * <pre>
 * forward   V(z_l) = (in+1)·(|a_{l-1}|·|W_l|ᵀ + |b_l|)² + V(a_{l-1})·(W_l²)ᵀ
 *           V(a_l) = f'(z_l)²·V(z_l) + (4·f(z_l))²                 f's own rounding: 4 u
 * loss      cross-entropy ℓ_n = m_n + log Σ_c e^{z_nc - m_n} - z_{n,y_n}, softmax p, one-hot y:
 *             V(ℓ_n) = Σ_c (p_c - y_c)²·V(z_c) + Σ_c (p_c·(|z_c - m| + 2))² + r(C) + (log Σ)² + (m + log Σ)² + ℓ_n²
 *           mse: V of Σ (z - t)²/(N·D) from V(z), (3·(z - t)²)² per term
 *           a mean over n terms t_i adds r(n)·(Σ|t_i|/n)², r(n) = min(n, ⌈log2 n⌉ + 8): a reduction to a
 *           scalar must be summed carefully (pairwise, as core's is, or torch's cascade), not in order; the L2 term
 *           likewise: (0.5·λ)²·(ΣW⁴ + r(#W)·(ΣW²)²)
 * backward  δ_L = (p - y)/N or 2(z - t)/(N·D), V(p_c) = p_c²·(V(z_c) + Σ_j p_j²·V(z_j)) + its own roundings
 *           V(dW_l) = (N+1)·(|δ_l|ᵀ·|a_{l-1}| + λ|W_l|)² + (δ_l²)ᵀ·V(a_{l-1}) + V(δ_l)ᵀ·a_{l-1}²
 *           V(db_l) = N·(Σ_n|δ_l|)² + Σ_n V(δ_l)
 *           g = δ_l·W_l: V(g) = out·(|δ_l|·|W_l|)² + V(δ_l)·W_l²
 *           δ_{l-1} = g ⊙ f'(z): V = f'²·V(g) + g²·(f''²·V(z) + (4·(|f'| + |f''/f'|·|a|))²) + δ_{l-1}² + (g·jump/(λ·u))²
 *             (|f''/f'|·|a|: f' taken from the rounded output a, as σ' = a(1 - a) is; 2·|a| where |f'| &lt; 1e-6)
 * </pre>
 * where jump is how far f' jumps at a kink that z lies within reach of ({@link RoundingBound#LAMBDA}·u·√(2·V(z)),
 * unless z was computed exactly from zeros): there either side of the kink is a correct rounding, and the two
 * derivatives both right, so the allowance holds |g|·jump outright (divided by λ here, multiplied by it in the
 * bound); a_l near a kink moves with the steeper piece's f'. Every
 * result's own final rounding adds v², and every rounding of a result that underflows the dtype's smallest
 * normal number t instead: t/u in units of u (flushed to zero on one side, gradual on the other). Errors reaching a sum are taken as independent of each other;
 * {@link RoundingBound#LAMBDA} covers the rest (docs/oracles.md has the derivation and the measurements).
 */
public final class RoundingScales {

    /** f's and f''s own rounding, in units of u: an exp, an add and a divide, with a unit to spare. */
    private static final double ACTIVATION_ROUNDINGS = 4;

    /** Below this |f'|, f counts as saturated. */
    private static final double SATURATED = 1e-6;
    private static final double SATURATED_SENSITIVITY = 2;
    /** A z whose variance is within this many underflow floors of its roundings counts as computed exactly. */
    private static final double EXACT_FLOOR = 1e4;

    private final Map<String, double[]> scales = new HashMap<>();

    private RoundingScales() {
    }

    /**
     * The scales of every quantity of the fixture in its own dtype's unit roundoff, keyed as
     * {@link LossAndGradients} names them: loss, dW1, db1, …, z1, a1, …, softmax.
     *
     * @param fixture the fixture
     * @return the scales
     */
    public static RoundingScales of(Fixture fixture) {
        RoundingScales result = new RoundingScales();
        new Propagation(fixture, result.scales).run(true);
        return result;
    }

    /**
     * The loss's scale alone, from the forward pass: what finite differences of the loss need.
     *
     * @param fixture the fixture
     * @return S_L, in units of u
     */
    public static double ofLoss(Fixture fixture) {
        RoundingScales result = new RoundingScales();
        new Propagation(fixture, result.scales).run(false);
        return result.scales.get("loss")[0];
    }

    /**
     * √V per element, in units of u, in the tensor's row-major order; null for a quantity not modelled.
     *
     * @param tensor a quantity's name: loss, dW1, z1, …
     * @return a copy of the scales, or null
     */
    public double[] of(String tensor) {
        double[] scale = scales.get(tensor);
        return scale == null ? null : scale.clone();
    }

    /**
     * The roundings along one path of a careful sum of n terms: pairwise down to blocks of up to 8 summed in
     * order, as core's and numpy's are, min(n, ⌈log2 n⌉ + 8).
     */
    static int pairwise(int n) {
        int log = n <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(n - 1);
        return Math.max(1, Math.min(n, log + 8));
    }

    /** One pass over the fixture's network, values and variances side by side. */
    private static final class Propagation {
        private final Fixture fixture;
        private final Map<String, double[]> out;
        private final int[] width;
        private final int samples;
        private final int depth;
        /** The slopes of each hidden layer's activation, 1 to depth - 1. */
        private final ActivationSlopes[] slopes;
        private final double u;
        private final double underflow;
        private final double[][] weights;
        private final double[][] biases;
        private final double[][] z;
        private final double[][] vz;
        private final double[][] a;
        private final double[][] va;

        Propagation(Fixture fixture, Map<String, double[]> out) {
            this.fixture = fixture;
            this.out = out;
            this.width = fixture.layers();
            this.samples = fixture.samples();
            this.depth = fixture.depth();
            this.slopes = new ActivationSlopes[depth];
            for (int l = 1; l < depth; l++) {
                slopes[l] = new ActivationSlopes(fixture.activation(l));
            }
            this.u = RoundingBound.unitRoundoff(fixture.dtype());
            this.underflow = (fixture.dtype() == parity.api.DType.FLOAT32 ? Float.MIN_NORMAL : Double.MIN_NORMAL) / u;
            this.weights = new double[depth + 1][];
            this.biases = new double[depth + 1][];
            for (int l = 1; l <= depth; l++) {
                weights[l] = fixture.weight(l).data();
                biases[l] = fixture.hasBias(l) ? fixture.bias(l).data() : null;
            }
            this.z = new double[depth + 1][];
            this.vz = new double[depth + 1][];
            this.a = new double[depth + 1][];
            this.va = new double[depth + 1][];
            a[0] = fixture.inputs().data();
            va[0] = new double[a[0].length];
        }

        void run(boolean backward) {
            for (int l = 1; l <= depth; l++) {
                forward(l);
            }
            double[] outputDelta = new double[samples * width[depth]];
            double[] vOutputDelta = new double[outputDelta.length];
            double[] data = fixture.loss().match(builtIn -> switch (builtIn) {
                case SOFTMAX_CROSS_ENTROPY -> crossEntropy(outputDelta, vOutputDelta);
                case MSE -> meanSquaredError(outputDelta, vOutputDelta);
                case HUBER -> huber(outputDelta, vOutputDelta);
                case BCE_WITH_LOGITS -> binaryCrossEntropy(outputDelta, vOutputDelta);
                case L1 -> meanAbsoluteError(outputDelta, vOutputDelta);
            }, custom -> customLoss(custom, outputDelta, vOutputDelta));
            double[] delta = outputDelta;
            double[] vDelta = vOutputDelta;
            double dataLoss = data[0];
            double vDataLoss = data[1];
            double squares = 0;
            double fourths = 0;
            int count = 0;
            for (int l = 1; l <= depth; l++) {
                for (double w : weights[l]) {
                    squares += w * w;
                    fourths += w * w * w * w;
                }
                count += weights[l].length;
            }
            double half = 0.5 * fixture.l2();
            double penalty = half * squares;
            double vPenalty = half * half * (fourths + pairwise(count) * squares * squares) + penalty * penalty;
            double loss = dataLoss + penalty;
            put("loss", new double[] {vDataLoss + vPenalty + loss * loss});
            for (int l = depth; backward && l >= 1; l--) {
                double[][] next = backward(l, delta, vDelta);
                delta = next[0];
                vDelta = next[1];
            }
        }

        /** z_l and a_l with their variances. */
        private void forward(int l) {
            int in = width[l - 1];
            int outs = width[l];
            double[] w = weights[l];
            double[] bias = biases[l];
            double[] input = a[l - 1];
            double[] vInput = va[l - 1];
            RoundedProduct product = RoundedProduct.of(input, vInput, w, null, bias, samples, outs, in);
            double[] zl = product.value();
            double[] vzl = new double[zl.length];
            for (int i = 0; i < zl.length; i++) {
                vzl[i] = local(in + (bias == null ? 0 : 1), product.magnitude()[i]) + product.carried()[i]
                        + local(1, zl[i]);
            }
            z[l] = zl;
            vz[l] = vzl;
            put(LossAndGradients.preActivationName(l), vzl);
            if (l < depth) {
                double[] al = new double[zl.length];
                double[] val = new double[zl.length];
                for (int i = 0; i < zl.length; i++) {
                    al[i] = fixture.activation(l).apply(zl[i]);
                    double slope = slopes[l].steepestWithin(zl[i], reach(vzl[i], in));
                    double own = ACTIVATION_ROUNDINGS * al[i];
                    val[i] = slope * slope * vzl[i] + local(1, own);
                }
                a[l] = al;
                va[l] = val;
                put(LossAndGradients.activationName(l), val);
            }
        }

        /**
         * The data loss and its variance; fills δ_L and V(δ_L), and the softmax's scales. With class weights or
         * label smoothing, ℓ_n = Σ_c a_nc·(m_n + log Σ - z_nc) and δ_L = (p·S_n - a_n)/W (S_n = Σ_c a_nc,
         * W = Σ_n w_{y_n}): the errors of z reach ℓ_n by (p_c·S_n - a_nc), and the C products and sums of the
         * weighted sum, a's own 3 roundings and W's careful sum add theirs.
         */
        private double[] crossEntropy(double[] delta, double[] vDelta) {
            int classes = width[depth];
            int[] labels = ((Targets.ClassLabels) fixture.targets()).labels();
            LossOptions options = fixture.lossOptions();
            boolean plain = options.classWeights() == null && options.labelSmoothing() == 0;
            double weight = options.totalWeight(labels);
            double[] logits = z[depth];
            double[] vLogits = vz[depth];
            double[] vSoftmax = new double[logits.length];
            // Each row's sum over the classes may be taken in order, as a product's inner dimension may.
            int sumRoundings = classes;
            double total = 0;
            double magnitude = 0;
            double variance = 0;
            for (int n = 0; n < samples; n++) {
                int row = n * classes;
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) {
                    max = Math.max(max, logits[row + c]);
                }
                double sum = 0;
                for (int c = 0; c < classes; c++) {
                    sum += Math.exp(logits[row + c] - max);
                }
                double logSum = Math.log(sum);
                double spread = 0;
                double expErrors = 0;
                double[] targetWeights = new double[classes];
                double totalTargetWeight = 0;
                for (int c = 0; c < classes; c++) {
                    double p = Math.exp(logits[row + c] - max) / sum;
                    spread += p * p * vLogits[row + c];
                    double exp = p * (Math.abs(logits[row + c] - max) + 2);
                    expErrors += exp * exp;
                    targetWeights[c] = options.targetWeight(labels[n], c, classes);
                    totalTargetWeight += targetWeights[c];
                }
                double term = 0;
                double termMagnitude = 0;
                for (int c = 0; c < classes; c++) {
                    term += targetWeights[c] * (max + logSum - logits[row + c]);
                    termMagnitude += targetWeights[c] * Math.abs(max + logSum - logits[row + c]);
                }
                double carried = 0;
                for (int c = 0; c < classes; c++) {
                    double p = Math.exp(logits[row + c] - max) / sum;
                    double y = targetWeights[c];
                    carried += (p * totalTargetWeight - y) * (p * totalTargetWeight - y) * vLogits[row + c];
                    double own = Math.abs(logits[row + c] - max) + 2;
                    double vp = p * p * (vLogits[row + c] + spread + own * own + expErrors + sumRoundings + 1);
                    vSoftmax[row + c] = vp + local(1, p);
                    double g = (p * totalTargetWeight - y) / weight;
                    delta[row + c] = g;
                    vDelta[row + c] = plain ? vp / (weight * weight) + local(2, g)
                            : vp * totalTargetWeight * totalTargetWeight / (weight * weight)
                                    + local(4, (p * totalTargetWeight + y) / weight) + pairwise(samples) * g * g;
                }
                double local = totalTargetWeight * totalTargetWeight
                        * (expErrors + sumRoundings + logSum * logSum + (max + logSum) * (max + logSum)) + term * term;
                if (!plain) {
                    local += (classes + 3) * termMagnitude * termMagnitude;
                }
                variance += carried + local;
                total += term;
                magnitude += Math.abs(term);
            }
            put(LossAndGradients.SOFTMAX, vSoftmax);
            double mean = total / weight;
            double meanMagnitude = magnitude / weight;
            double result = variance / (weight * weight) + pairwise(samples) * meanMagnitude * meanMagnitude + mean * mean;
            return new double[] {mean, plain ? result : result + pairwise(samples) * mean * mean};
        }

        /**
         * l1's mean of |d|, d = z_L - t, and its δ_L = sign(d)/(N·D): |d| moves with z by 1/(N·D). δ_L is exact
         * but for its sign, which a d within rounding reach of 0 may take either way: a jump of 2/(N·D), held
         * outright as an activation's kink is (unless z_L was computed exactly, when d is what it is).
         */
        private double[] meanAbsoluteError(double[] delta, double[] vDelta) {
            double[] outputs = z[depth];
            double[] vOutputs = vz[depth];
            double[] targets = ((Targets.Values) fixture.targets()).values().data();
            double terms = outputs.length;
            double total = 0;
            double variance = 0;
            for (int i = 0; i < outputs.length; i++) {
                double d = outputs[i] - targets[i];
                total += Math.abs(d);
                variance += vOutputs[i] / (terms * terms) + local(1, d / terms);
                double slope = Math.signum(d) / terms;
                delta[i] = slope;
                double reach = reach(vOutputs[i], width[depth - 1]);
                double jump = reach > 0 && Math.abs(d) <= reach ? 2 / terms / (u * RoundingBound.LAMBDA) : 0;
                vDelta[i] = local(1, slope) + jump * jump;
            }
            double mean = total / terms;
            return new double[] {mean, variance + pairwise(outputs.length) * mean * mean + mean * mean};
        }

        /**
         * A loss of a user's own, known only by its float64 value L(z): δ_L and each element's curvature from
         * central differences of L, V(L) = Σ δ_i²·V(z_i) + (r(N·D) + 8)·L² (a careful sum of N·D terms of L's size,
         * with 8 roundings of its own), V(δ_i) = (∂²L/∂z_i²)²·V(z_i) + 8 roundings of δ_i.
         */
        private double[] customLoss(parity.api.Loss.Custom custom, double[] delta, double[] vDelta) {
            double[] outputs = z[depth];
            double[] vOutputs = vz[depth];
            int[] shape = {samples, width[depth]};
            double value = custom.value(new parity.api.Tensor(shape, outputs.clone()), fixture.targets());
            double variance = (pairwise(outputs.length) + 8) * value * value;
            for (int i = 0; i < outputs.length; i++) {
                double h = 1e-4 * Math.max(1, Math.abs(outputs[i]));
                double[] moved = outputs.clone();
                moved[i] = outputs[i] + h;
                double above = custom.value(new parity.api.Tensor(shape, moved.clone()), fixture.targets());
                moved[i] = outputs[i] - h;
                double below = custom.value(new parity.api.Tensor(shape, moved), fixture.targets());
                double slope = (above - below) / (2 * h);
                double curvature = (above - 2 * value + below) / (h * h);
                delta[i] = slope;
                variance += slope * slope * vOutputs[i];
                vDelta[i] = curvature * curvature * vOutputs[i] + local(8, slope);
            }
            return new double[] {value, variance};
        }

        /** MSE's mean (or, reduction sum, sum) of d² and δ_L = 2d / (N·D) (or 2d). */
        private double[] meanSquaredError(double[] delta, double[] vDelta) {
            double[] outputs = z[depth];
            double[] vOutputs = vz[depth];
            double[] targets = ((Targets.Values) fixture.targets()).values().data();
            double terms = switch (fixture.lossOptions().reduction()) {
                case MEAN -> outputs.length;
                case SUM -> 1;
            };
            double total = 0;
            double variance = 0;
            for (int i = 0; i < outputs.length; i++) {
                double d = outputs[i] - targets[i];
                total += d * d;
                double slope = 2 * d / terms;
                double own = 3 * d * d / terms;
                variance += slope * slope * vOutputs[i] + own * own;
                delta[i] = slope;
                vDelta[i] = (2 / terms) * (2 / terms) * vOutputs[i] + local(4, slope);
            }
            double mean = total / terms;
            return new double[] {mean, variance + pairwise(outputs.length) * mean * mean + mean * mean};
        }

        /**
         * Binary cross-entropy with logits: the mean of ℓ = (1 - t)·z + w·softplus(-z), w = 1 + (p - 1)·t, and
         * δ_L = (w·σ(z) - p·t) / (N·D). ℓ moves with z by its slope, |σ'| ≤ 1/4 bounds δ_L's; each term's own
         * roundings (the exp, the log, the products and sums) are taken at the magnitudes it adds.
         */
        private double[] binaryCrossEntropy(double[] delta, double[] vDelta) {
            double[] outputs = z[depth];
            double[] vOutputs = vz[depth];
            double[] targets = ((Targets.Values) fixture.targets()).values().data();
            int outputsPerSample = width[depth];
            double terms = outputs.length;
            double total = 0;
            double variance = 0;
            for (int i = 0; i < outputs.length; i++) {
                double x = outputs[i];
                double t = targets[i];
                double p = fixture.lossOptions().posWeight(i % outputsPerSample);
                double w = 1 + (p - 1) * t;
                double softplus = Math.log1p(Math.exp(-Math.abs(x))) + Math.max(-x, 0);
                total += (1 - t) * x + w * softplus;
                double sigmoid = x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
                double slope = (w * sigmoid - p * t) / terms;
                double own = 4 * (Math.abs((1 - t) * x) + w * softplus) / terms;
                variance += slope * slope * vOutputs[i] + own * own;
                delta[i] = slope;
                vDelta[i] = (0.25 * w / terms) * (0.25 * w / terms) * vOutputs[i]
                        + local(4, (w * sigmoid + p * t) / terms);
            }
            double mean = total / terms;
            return new double[] {mean, variance + pairwise(outputs.length) * mean * mean + mean * mean};
        }

        /**
         * Huber's mean of h(d), d = z_L - t, and its δ_L = clamp(d, -δ, δ) / (N·D). h is continuous with its slope
         * (the two pieces meet at |d| = δ), so a d within rounding of the seam moves h and δ_L by at most as much
         * as on either piece: |h'| ≤ |d| and |δ_L'| ≤ 1/(N·D), as for MSE's halves. Each h's own roundings are
         * taken at the larger of d² and δ·|d|, the magnitudes its two pieces compute.
         */
        private double[] huber(double[] delta, double[] vDelta) {
            double[] outputs = z[depth];
            double[] vOutputs = vz[depth];
            double[] targets = ((Targets.Values) fixture.targets()).values().data();
            double threshold = fixture.lossOptions().delta();
            double terms = outputs.length;
            double total = 0;
            double variance = 0;
            for (int i = 0; i < outputs.length; i++) {
                double d = outputs[i] - targets[i];
                double magnitude = Math.abs(d);
                total += magnitude < threshold ? 0.5 * d * d : threshold * (magnitude - 0.5 * threshold);
                double slope = Math.max(-threshold, Math.min(threshold, d)) / terms;
                double own = 3 * Math.max(d * d, threshold * magnitude) / terms;
                variance += (d / terms) * (d / terms) * vOutputs[i] + own * own;
                delta[i] = slope;
                vDelta[i] = vOutputs[i] / (terms * terms) + local(4, slope);
            }
            double mean = total / terms;
            return new double[] {mean, variance + pairwise(outputs.length) * mean * mean + mean * mean};
        }

        /** dW_l, db_l and their scales; returns δ_{l-1} and V(δ_{l-1}) (unused after layer 1). */
        private double[][] backward(int l, double[] delta, double[] vDelta) {
            int in = width[l - 1];
            int outs = width[l];
            double[] w = weights[l];
            double[] input = a[l - 1];
            double[] vInput = va[l - 1];
            double lambda = fixture.l2();
            // Sample-major copies, so that the sums over samples run along memory.
            double[] deltaT = transpose(delta, samples, outs);
            double[] vDeltaT = transpose(vDelta, samples, outs);
            double[] inputT = transpose(input, samples, in);
            double[] vInputT = transpose(vInput, samples, in);
            double[] decay = new double[w.length];
            for (int i = 0; i < w.length; i++) {
                decay[i] = lambda * w[i];
            }
            RoundedProduct dW = RoundedProduct.of(deltaT, vDeltaT, inputT, vInputT, decay, outs, in, samples);
            double[] vdW = new double[outs * in];
            for (int i = 0; i < vdW.length; i++) {
                vdW[i] = local(samples + 1, dW.magnitude()[i]) + dW.carried()[i] + local(1, dW.value()[i]);
            }
            put("d" + Fixture.weightName(l), vdW);
            double[] vdb = new double[outs];
            for (int o = 0; o < outs; o++) {
                double sum = 0;
                double magnitude = 0;
                double carried = 0;
                for (int n = 0; n < samples; n++) {
                    sum += delta[n * outs + o];
                    magnitude += Math.abs(delta[n * outs + o]);
                    carried += vDelta[n * outs + o];
                }
                vdb[o] = local(samples, magnitude) + carried + local(1, sum);
            }
            if (fixture.hasBias(l)) {
                put("d" + Fixture.biasName(l), vdb);
            }
            if (l == 1) {
                return new double[][] {null, null};
            }
            double[] below = new double[samples * in];
            double[] vBelow = new double[below.length];
            double[] zBelow = z[l - 1];
            double[] vzBelow = vz[l - 1];
            double[] wT = transpose(w, outs, in);
            RoundedProduct back = RoundedProduct.of(delta, vDelta, wT, null, null, samples, in, outs);
            IntStream.range(0, samples).parallel().forEach(n -> {
                for (int i = 0; i < in; i++) {
                    double g = back.value()[n * in + i];
                    double vg = local(outs, back.magnitude()[n * in + i]) + back.carried()[n * in + i] + local(1, g);
                    int at = n * in + i;
                    double slope = slopes[l - 1].first(zBelow[at]);
                    double curvature = slopes[l - 1].second(zBelow[at]);
                    // f' taken from the rounded output, as σ' = a(1 - a) and tanh' = 1 - a² are, carries a's
                    // rounding times |df'/da| = |f''/f'|: absolute, not relative, where f saturates.
                    double fromOutput = outputSensitivity(slope, curvature) * Math.abs(a[l - 1][at]);
                    double ownSlope = ACTIVATION_ROUNDINGS * (Math.abs(slope) + fromOutput);
                    double vSlope = curvature * curvature * vzBelow[at] + ownSlope * ownSlope;
                    // The jump is what the two sides may differ by outright, not a standard deviation: 1/λ of it
                    // here, λ in the allowance.
                    double reach = reach(vzBelow[at], width[l - 2]);
                    double jump = g * slopes[l - 1].jumpWithin(zBelow[at], reach) / (u * RoundingBound.LAMBDA);
                    double result = g * slope;
                    below[at] = result;
                    vBelow[at] = slope * slope * vg + g * g * vSlope + local(1, result) + jump * jump;
                }
            });
            return new double[][] {below, vBelow};
        }

        /**
         * |df'/da| = |f''/f'|, how much a rounding of a moves an f' taken from a; where f saturates (|f'| below
         * 1e-6, too small for its difference quotient to be trusted) 2, tanh's limit and above sigmoid's.
         */
        private static double outputSensitivity(double slope, double curvature) {
            return Math.abs(slope) < SATURATED ? SATURATED_SENSITIVITY : curvature / Math.abs(slope);
        }

        /**
         * The variance of {@code roundings} roundings of results up to {@code magnitude}: each u·magnitude, or,
         * for a result that underflows, the dtype's smallest normal number (flushed to zero on one side,
         * gradual on the other), in units of u.
         */
        private double local(double roundings, double magnitude) {
            return roundings * (magnitude * magnitude + underflow * underflow);
        }

        /** A rows×cols row-major matrix as cols×rows. */
        private static double[] transpose(double[] m, int rows, int cols) {
            double[] t = new double[m.length];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    t[c * rows + r] = m[r * cols + c];
                }
            }
            return t;
        }

        /**
         * How far from its float64 value a float32 z may land, λ·u·√(2·V(z)), on either side; 0 for a z whose
         * variance is no more than the underflow floor of its roundings, which was computed from zeros, exactly.
         */
        private double reach(double vz, int in) {
            double floor = EXACT_FLOOR * (in + 2) * underflow * underflow;
            return vz <= floor ? 0 : RoundingBound.LAMBDA * u * Math.sqrt(2 * vz);
        }

        /** Stores √V. */
        private void put(String name, double[] variance) {
            double[] scale = new double[variance.length];
            for (int i = 0; i < scale.length; i++) {
                scale[i] = Math.sqrt(variance[i]);
            }
            out.put(name, scale);
        }
    }
}
