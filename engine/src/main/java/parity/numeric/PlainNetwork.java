package parity.numeric;

import java.util.Arrays;
import java.util.Map;
import parity.api.Activation;
import parity.api.Fixture;
import parity.api.Loss;
import parity.api.LossOptions;
import parity.api.Targets;
import parity.api.Tensor;

/**
 * The fixture's loss in plain Java doubles: a third forward pass, sharing no code with core or the
 * reference, for finite differences. Only the loss; no derivative anywhere. Matrices are flat,
 * row-major, one sample per row.
 *
 * <p>It keeps the forward pass at the base parameters, so that a changed loss costs only what lies
 * downstream of the change:
 * <ul>
 * <li>one element, {@link #lossWith}: changing W_l[o][i] by δ changes column o of z_l by
 *     δ·a_{l-1}[:, i] (b_l[o]: by δ), hence column o of a_l, hence z_{l+1} by the rank-1 update
 *     Δa_l[:, o] ⊗ W_{l+1}[:, o]; only the layers after that are multiplied out again;</li>
 * <li>a whole tensor along a direction U, {@link #lossAlong}: z_l changes by h·a_{l-1}·Uᵀ (b_l: by h·u
 *     on every row; for U = s ⊗ t, a_{l-1}·Uᵀ = (a_{l-1}·t) ⊗ s, see {@link SignDirection}),
 *     computed once for both signs of h; the layers after l are multiplied out.</li>
 * </ul>
 */
final class PlainNetwork {

    /** f_l of each hidden layer l, 1 to depth - 1. */
    private final Activation[] activations;
    private final Loss loss;
    private final Targets targets;
    private final LossOptions lossOptions;
    /** Huber's δ. */
    private final double delta;
    private final double l2;
    private final int[] layers;
    private final int samples;
    private final Map<String, double[]> params;
    /** W_l transposed, in×out, for {@link #affine}. */
    private final double[][] transposed;
    private final double[][] z;
    private final double[][] a;
    private final double squaredNorms;
    private final double baseLoss;

    /** The network at the given parameters (keyed W1, b1, … as flat row-major arrays, not copied). */
    PlainNetwork(Fixture fixture, Map<String, double[]> params) {
        this.activations = new Activation[fixture.depth()];
        for (int l = 1; l < fixture.depth(); l++) {
            activations[l] = fixture.activation(l);
        }
        this.loss = fixture.loss();
        this.lossOptions = fixture.lossOptions();
        this.delta = lossOptions.delta();
        this.targets = fixture.targets();
        this.l2 = fixture.l2();
        this.layers = fixture.layers();
        this.samples = fixture.samples();
        this.params = params;
        int depth = depth();
        this.transposed = new double[depth + 1][];
        for (int l = 1; l <= depth; l++) {
            transposed[l] = transpose(params.get(Fixture.weightName(l)), layers[l - 1], layers[l]);
        }
        this.z = new double[depth + 1][];
        this.a = new double[depth + 1][];
        a[0] = fixture.inputs().data();
        double norms = 0;
        for (int l = 1; l <= depth; l++) {
            z[l] = affine(l, a[l - 1]);
            a[l] = l < depth ? activate(l, z[l]) : z[l];
            for (double w : params.get(Fixture.weightName(l))) {
                norms += w * w;
            }
        }
        this.squaredNorms = norms;
        this.baseLoss = dataLoss(a[depth]) + 0.5 * l2 * norms;
    }

    /** The total loss at the base parameters. */
    double loss() {
        return baseLoss;
    }

    /**
     * The total loss with element {@code index} of parameter {@code name} set to {@code value}, the
     * others at base. When {@code pieces} is not null it receives, for every hidden pre-activation
     * (layer, sample, unit order), the piece of the activation it lies on ({@link Activation#piece}):
     * what a kinked activation's derivative depends on.
     */
    double lossWith(String name, int index, double value, int[] pieces) {
        int l = layer(name);
        boolean weight = isWeight(name);
        int in = layers[l - 1];
        int out = layers[l];
        int unit = weight ? index / in : index;
        double delta = value - params.get(name)[index];
        int depth = depth();

        double[] zl = z[l].clone();
        for (int n = 0; n < samples; n++) {
            zl[n * out + unit] += weight ? delta * a[l - 1][n * in + index % in] : delta;
        }
        double[] current;
        if (l == depth) {
            current = zl;
        } else {
            recordPieces(pieces, l, zl);
            double[] al = a[l].clone();
            for (int n = 0; n < samples; n++) {
                al[n * out + unit] = activations[l].apply(zl[n * out + unit]);
            }
            current = output(l + 1, rankOneUpdate(l + 1, al, unit), pieces);
        }
        recordBasePieces(pieces, l);
        recordResidualPieces(pieces, current);
        double original = params.get(name)[index];
        double norms = weight ? squaredNorms - original * original + value * value : squaredNorms;
        return dataLoss(current) + 0.5 * l2 * norms;
    }

    /**
     * The change of z_l per unit step along {@code direction} of parameter {@code name}: for a weight,
     * a_{l-1}·Uᵀ, which for U = s ⊗ t is {@code (a_{l-1}·t)[n]·s[o]}; for a bias, u on every row.
     */
    double[] preActivationChange(String name, SignDirection direction) {
        int l = layer(name);
        int in = layers[l - 1];
        int out = layers[l];
        if (isWeight(name) && !direction.isOuterProduct()) {
            return product(a[l - 1], transpose(direction.values(), in, out), null, in, out);
        }
        double[] change = new double[samples * out];
        for (int n = 0; n < samples; n++) {
            if (isWeight(name)) {
                double projected = 0;
                for (int i = 0; i < in; i++) {
                    projected += a[l - 1][n * in + i] * direction.columns()[i];
                }
                for (int o = 0; o < out; o++) {
                    change[n * out + o] = projected * direction.rows()[o];
                }
            } else {
                System.arraycopy(direction.values(), 0, change, n * out, out);
            }
        }
        return change;
    }

    /**
     * The total loss with parameter {@code name} moved to θ + h·u, all its elements at once, given
     * {@code change} = {@link #preActivationChange}(name, u). {@code pieces} as in {@link #lossWith}.
     */
    double lossAlong(String name, double[] direction, double[] change, double h, int[] pieces) {
        int l = layer(name);
        double[] zl = z[l].clone();
        for (int i = 0; i < zl.length; i++) {
            zl[i] += h * change[i];
        }
        double[] current = output(l, zl, pieces);
        recordBasePieces(pieces, l);
        recordResidualPieces(pieces, current);
        double norms = squaredNorms;
        if (isWeight(name)) {
            double[] theta = params.get(name);
            for (int i = 0; i < theta.length; i++) {
                double moved = theta[i] + h * direction[i];
                norms += moved * moved - theta[i] * theta[i];
            }
        }
        return dataLoss(current) + 0.5 * l2 * norms;
    }

    /**
     * z_L from a changed z_k: the activation, then every layer after k multiplied out; the pieces of
     * layers k … L-1 recorded on the way.
     */
    private double[] output(int k, double[] zk, int[] pieces) {
        int depth = depth();
        double[] current = zk;
        for (int j = k; j <= depth; j++) {
            if (j > k) {
                current = affine(j, current);
            }
            if (j < depth) {
                recordPieces(pieces, j, current);
                current = activate(j, current);
            }
        }
        return current;
    }

    /** The pieces of layers 1 … l-1, which a change in layer l leaves at base. */
    private void recordBasePieces(int[] pieces, int l) {
        for (int k = 1; k < l; k++) {
            recordPieces(pieces, k, z[k]);
        }
    }

    /**
     * The piece every hidden pre-activation at base lies on, in the order {@link #lossWith} uses, then (for a
     * loss with a kink, {@link #residualKinked}) the side of 0 every residual d = z_L - t lies on.
     */
    int[] basePieces() {
        int[] pieces = new int[pieceCount()];
        for (int k = 1; k < depth(); k++) {
            recordPieces(pieces, k, z[k]);
        }
        recordResidualPieces(pieces, z[depth()]);
        return pieces;
    }

    /** Whether the loss has a kink in the residual d = z_L - t: l1's |d| at d = 0. */
    boolean residualKinked() {
        return loss == Loss.BuiltIn.L1;
    }

    int pieceCount() {
        return hiddenUnits() + (residualKinked() ? samples * layers[depth()] : 0);
    }

    /** Names the residual at a position of the pieces array past the hidden units: {@code d[sample][output]}. */
    String residualName(int position) {
        int rest = position - hiddenUnits();
        int width = layers[depth()];
        return "d[" + rest / width + "][" + rest % width + "] = z" + depth() + " - t";
    }

    /** For l1: 1 where d = z_L - t &gt; 0, else 0, after the hidden units' pieces. */
    private void recordResidualPieces(int[] pieces, double[] output) {
        if (pieces == null || !residualKinked()) {
            return;
        }
        double[] t = ((Targets.Values) targets).values().data();
        int offset = hiddenUnits();
        for (int i = 0; i < output.length; i++) {
            pieces[offset + i] = output[i] - t[i] > 0 ? 1 : 0;
        }
    }

    int hiddenUnits() {
        int units = 0;
        for (int l = 1; l < depth(); l++) {
            units += layers[l];
        }
        return units * samples;
    }

    /** The hidden layer of the pre-activation at a position of the pieces array. */
    int hiddenUnitLayer(int position) {
        int rest = position;
        for (int l = 1; l < depth(); l++) {
            rest -= layers[l] * samples;
            if (rest < 0) {
                return l;
            }
        }
        throw new IllegalArgumentException("no hidden unit at " + position);
    }

    /** Names the hidden pre-activation at a position of the pieces array: {@code z1[sample][unit]}. */
    String hiddenUnitName(int position) {
        int rest = position;
        for (int l = 1; l < depth(); l++) {
            int size = layers[l] * samples;
            if (rest < size) {
                return "z" + l + "[" + rest / layers[l] + "][" + rest % layers[l] + "]";
            }
            rest -= size;
        }
        throw new IllegalArgumentException("no hidden unit at " + position);
    }

    private int depth() {
        return layers.length - 1;
    }

    private static int layer(String name) {
        return Integer.parseInt(name.substring(1));
    }

    private static boolean isWeight(String name) {
        return name.charAt(0) == 'W';
    }

    private void recordPieces(int[] pieces, int layer, double[] zk) {
        if (pieces == null) {
            return;
        }
        int offset = 0;
        for (int l = 1; l < layer; l++) {
            offset += layers[l] * samples;
        }
        for (int i = 0; i < zk.length; i++) {
            pieces[offset + i] = activations[layer].piece(zk[i]);
        }
    }

    /** z_l = a·W_lᵀ + b_l. */
    private double[] affine(int l, double[] input) {
        return product(input, transposed[l], params.get(Fixture.biasName(l)), layers[l - 1], layers[l]);
    }

    /** z_k at base, but with a_{k-1} = {@code changed}, which differs from base in column {@code unit} only. */
    private double[] rankOneUpdate(int k, double[] changed, int unit) {
        int in = layers[k - 1];
        int out = layers[k];
        double[] w = params.get(Fixture.weightName(k));
        double[] result = z[k].clone();
        for (int n = 0; n < samples; n++) {
            double step = changed[n * in + unit] - a[k - 1][n * in + unit];
            for (int o = 0; o < out; o++) {
                result[n * out + o] += step * w[o * in + unit];
            }
        }
        return result;
    }

    /** W out×in as Wᵀ in×out, both row-major. */
    private static double[] transpose(double[] w, int in, int out) {
        double[] wt = new double[in * out];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                wt[i * out + o] = w[o * in + i];
            }
        }
        return wt;
    }

    /**
     * x·Wᵀ (+ b) for x N×in, given Wᵀ in×out: each element the bias (or 0), then x[n][i]·W[o][i] added
     * to it for i = 0, 1, … in order. Four samples at a time share each pass over Wᵀ, whose rows the
     * inner loop runs along, so Wᵀ is read from memory a quarter as often; the order of each element's
     * sum is the same as one sample at a time.
     */
    private double[] product(double[] x, double[] wt, double[] bias, int in, int out) {
        double[] result = new double[samples * out];
        double[] r0 = new double[out];
        double[] r1 = new double[out];
        double[] r2 = new double[out];
        double[] r3 = new double[out];
        for (int n = 0; n < samples; n += 4) {
            int count = Math.min(4, samples - n);
            for (double[] row : new double[][] {r0, r1, r2, r3}) {
                if (bias != null) {
                    System.arraycopy(bias, 0, row, 0, out);
                } else {
                    Arrays.fill(row, 0);
                }
            }
            for (int i = 0; i < in; i++) {
                // Past the last sample, a row of zeros that is computed and never copied out.
                double x0 = x[n * in + i];
                double x1 = count > 1 ? x[(n + 1) * in + i] : 0;
                double x2 = count > 2 ? x[(n + 2) * in + i] : 0;
                double x3 = count > 3 ? x[(n + 3) * in + i] : 0;
                int col = i * out;
                for (int o = 0; o < out; o++) {
                    double w = wt[col + o];
                    r0[o] += x0 * w;
                    r1[o] += x1 * w;
                    r2[o] += x2 * w;
                    r3[o] += x3 * w;
                }
            }
            double[][] rows = {r0, r1, r2, r3};
            for (int r = 0; r < count; r++) {
                System.arraycopy(rows[r], 0, result, (n + r) * out, out);
            }
        }
        return result;
    }

    private double[] activate(int layer, double[] zk) {
        double[] result = new double[zk.length];
        for (int i = 0; i < zk.length; i++) {
            result[i] = activations[layer].apply(zk[i]);
        }
        return result;
    }

    private double dataLoss(double[] output) {
        return loss.match(builtIn -> switch (builtIn) {
            case SOFTMAX_CROSS_ENTROPY -> crossEntropy(output);
            case MSE -> meanSquaredError(output);
            case HUBER -> huber(output);
            case BCE_WITH_LOGITS -> binaryCrossEntropy(output);
            case L1 -> meanAbsoluteError(output);
        }, custom -> custom.value(new Tensor(new int[] {samples, layers[depth()]}, output.clone()), targets));
    }

    /** mean of |output - target|. */
    private double meanAbsoluteError(double[] output) {
        double[] t = ((Targets.Values) targets).values().data();
        double sum = 0;
        for (int i = 0; i < output.length; i++) {
            sum += Math.abs(output[i] - t[i]);
        }
        return sum / output.length;
    }

    /** mean of (1 - t)·z + w·(log(1 + e^-|z|) + max(-z, 0)), w = 1 + (p - 1)·t with p the output's pos_weight. */
    private double binaryCrossEntropy(double[] output) {
        double[] t = ((Targets.Values) targets).values().data();
        int width = layers[depth()];
        double sum = 0;
        for (int i = 0; i < output.length; i++) {
            double z = output[i];
            double w = 1 + (lossOptions.posWeight(i % width) - 1) * t[i];
            sum += (1 - t[i]) * z + w * (Math.log1p(Math.exp(-Math.abs(z))) + Math.max(-z, 0));
        }
        return sum / output.length;
    }

    /** mean of d²/2 for |d| &lt; δ, δ·(|d| - δ/2) otherwise, d = output - target. */
    private double huber(double[] output) {
        double[] t = ((Targets.Values) targets).values().data();
        double sum = 0;
        for (int i = 0; i < output.length; i++) {
            double d = Math.abs(output[i] - t[i]);
            sum += d < delta ? 0.5 * d * d : delta * (d - 0.5 * delta);
        }
        return sum / output.length;
    }

    private double meanSquaredError(double[] output) {
        double[] t = ((Targets.Values) targets).values().data();
        double sum = 0;
        for (int i = 0; i < output.length; i++) {
            double diff = output[i] - t[i];
            sum += diff * diff;
        }
        return switch (lossOptions.reduction()) {
            case MEAN -> sum / output.length;
            case SUM -> sum;
        };
    }

    /**
     * Σ_n Σ_c a_nc·(m_n + log Σ_k e^{z_nk - m_n} - z_nc) / Σ_n w_{y_n}, a_nc = (1 - ε)·w_{y_n}·[c = y_n] + (ε/C)·w_c:
     * the mean of -log softmax(z_n)[y_n] without class weights or label smoothing.
     */
    private double crossEntropy(double[] output) {
        int width = layers[depth()];
        int[] labels = ((Targets.ClassLabels) targets).labels();
        double sum = 0;
        for (int n = 0; n < samples; n++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < width; c++) {
                max = Math.max(max, output[n * width + c]);
            }
            double exp = 0;
            for (int c = 0; c < width; c++) {
                exp += Math.exp(output[n * width + c] - max);
            }
            double logSumExp = max + Math.log(exp);
            for (int c = 0; c < width; c++) {
                double a = lossOptions.targetWeight(labels[n], c, width);
                sum += a * (logSumExp - output[n * width + c]);
            }
        }
        return sum / lossOptions.totalWeight(labels);
    }
}
