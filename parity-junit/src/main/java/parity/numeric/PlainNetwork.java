package parity.numeric;

import java.util.Map;
import parity.fixtures.Activation;
import parity.fixtures.Fixture;
import parity.fixtures.Loss;
import parity.fixtures.Targets;
import parity.fixtures.Tensor;

/**
 * The fixture's loss in plain Java doubles: a third forward pass, sharing no code with core or the
 * reference, for finite differences. Only the loss; no derivative anywhere.
 *
 * <p>It keeps the forward pass at the base parameters, so the loss with one element changed costs
 * only the layers from that element's on: changing W_l[o][i] by δ changes column o of z_l by
 * δ·a_{l-1}[:, i], and b_l[o] by δ.
 */
final class PlainNetwork {

    private final Fixture fixture;
    private final Activation activation;
    private final int[] layers;
    private final Map<String, double[]> params;
    private final double[][][] z;
    private final double[][][] a;
    private final double squaredNorms;
    private final double loss;

    /** The network at the given parameters (keyed W1, b1, … as flat row-major arrays, not copied). */
    PlainNetwork(Fixture fixture, Map<String, double[]> params) {
        this.fixture = fixture;
        this.activation = fixture.activation();
        this.layers = fixture.layers();
        this.params = params;
        int depth = layers.length - 1;
        this.z = new double[depth + 1][][];
        this.a = new double[depth + 1][][];
        a[0] = fixture.inputs().rows();
        double norms = 0;
        for (int l = 1; l <= depth; l++) {
            z[l] = affine(l, a[l - 1]);
            a[l] = l < depth ? activate(z[l]) : z[l];
            for (double w : params.get(Fixture.weightName(l))) {
                norms += w * w;
            }
        }
        this.squaredNorms = norms;
        this.loss = dataLoss(a[depth]) + 0.5 * fixture.l2() * norms;
    }

    /** The total loss at the base parameters. */
    double loss() {
        return loss;
    }

    /**
     * The total loss with element {@code index} of parameter {@code name} set to {@code value}, the
     * others at base. When {@code pieces} is not null it receives, for every hidden pre-activation
     * (layer, sample, unit order), the piece of the activation it lies on ({@link Activation#piece}):
     * what a kinked activation's derivative depends on.
     */
    double lossWith(String name, int index, double value, int[] pieces) {
        int l = Integer.parseInt(name.substring(1));
        boolean weight = name.charAt(0) == 'W';
        int in = layers[l - 1];
        int unit = weight ? index / in : index;
        double delta = value - params.get(name)[index];
        int depth = layers.length - 1;

        double[][] zl = new double[z[l].length][];
        for (int n = 0; n < zl.length; n++) {
            zl[n] = z[l][n].clone();
            zl[n][unit] += weight ? delta * a[l - 1][n][index % in] : delta;
        }
        double[][] current = zl;
        for (int k = l; k <= depth; k++) {
            if (k > l) {
                current = affine(k, current);
            }
            if (k < depth) {
                recordPieces(pieces, k, current);
                current = activate(current);
            }
        }
        if (pieces != null) {
            for (int k = 1; k < l; k++) {
                recordPieces(pieces, k, z[k]);
            }
        }
        double original = params.get(name)[index];
        double norms = weight ? squaredNorms - original * original + value * value : squaredNorms;
        return dataLoss(current) + 0.5 * fixture.l2() * norms;
    }

    /** The piece every hidden pre-activation at base lies on, in the order {@link #lossWith} uses. */
    int[] basePieces() {
        int[] pieces = new int[hiddenUnits()];
        for (int k = 1; k < layers.length - 1; k++) {
            recordPieces(pieces, k, z[k]);
        }
        return pieces;
    }

    int hiddenUnits() {
        int units = 0;
        for (int l = 1; l < layers.length - 1; l++) {
            units += layers[l];
        }
        return units * a[0].length;
    }

    /** Names the hidden pre-activation at a position of the pieces array: {@code z1[sample][unit]}. */
    String hiddenUnitName(int position) {
        int rest = position;
        for (int l = 1; l < layers.length - 1; l++) {
            int size = layers[l] * a[0].length;
            if (rest < size) {
                return "z" + l + "[" + rest / layers[l] + "][" + rest % layers[l] + "]";
            }
            rest -= size;
        }
        throw new IllegalArgumentException("no hidden unit at " + position);
    }

    private void recordPieces(int[] pieces, int layer, double[][] zk) {
        if (pieces == null) {
            return;
        }
        int offset = 0;
        for (int l = 1; l < layer; l++) {
            offset += layers[l] * a[0].length;
        }
        for (int n = 0; n < zk.length; n++) {
            for (int o = 0; o < zk[n].length; o++) {
                pieces[offset + n * zk[n].length + o] = activation.piece(zk[n][o]);
            }
        }
    }

    /** z = a · W_lᵀ + b_l. */
    private double[][] affine(int l, double[][] input) {
        double[] w = params.get(Fixture.weightName(l));
        double[] b = params.get(Fixture.biasName(l));
        int in = layers[l - 1];
        int out = layers[l];
        double[][] result = new double[input.length][out];
        for (int n = 0; n < input.length; n++) {
            for (int o = 0; o < out; o++) {
                double sum = b[o];
                for (int i = 0; i < in; i++) {
                    sum += input[n][i] * w[o * in + i];
                }
                result[n][o] = sum;
            }
        }
        return result;
    }

    private double[][] activate(double[][] zk) {
        double[][] result = new double[zk.length][];
        for (int n = 0; n < zk.length; n++) {
            result[n] = new double[zk[n].length];
            for (int o = 0; o < zk[n].length; o++) {
                result[n][o] = activation.apply(zk[n][o]);
            }
        }
        return result;
    }

    private double dataLoss(double[][] output) {
        if (fixture.loss() == Loss.MSE) {
            Tensor targets = ((Targets.Values) fixture.targets()).values();
            double sum = 0;
            for (int n = 0; n < output.length; n++) {
                for (int o = 0; o < output[n].length; o++) {
                    double diff = output[n][o] - targets.get(n, o);
                    sum += diff * diff;
                }
            }
            return sum / (output.length * output[0].length);
        }
        int[] labels = ((Targets.ClassLabels) fixture.targets()).labels();
        double sum = 0;
        for (int n = 0; n < output.length; n++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : output[n]) {
                max = Math.max(max, v);
            }
            double exp = 0;
            for (double v : output[n]) {
                exp += Math.exp(v - max);
            }
            sum += max + Math.log(exp) - output[n][labels[n]];
        }
        return sum / output.length;
    }
}
