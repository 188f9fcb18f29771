package example;

/**
 * A fully connected network with its backprop written out by hand on double[][], as a newcomer writes
 * it: z_l = a_{l-1}·W_lᵀ + b_l, sigmoid, tanh, relu or swish (z·σ(z)) on the hidden layers, softmax cross-entropy (class
 * labels), mean squared error or log-cosh (target values) on the last, and 0.5·λ·Σ‖W_l‖² added to the loss.
 * It knows nothing of the gate: the gate reaches it through the adapter in the tests.
 */
public class Mlp {

    /** The loss and ∂loss/∂θ, with the forward pass that led to them (z[l], a[l]; a[0] is the input). */
    public record Result(double loss, double[][][] dW, double[][] db, double[][][] z, double[][][] a, double[][] softmax) {
    }

    private final String activation;
    private final String loss;
    private final double l2;
    private final double[][][] w;
    private final double[][] b;

    /**
     * w[l] is layer l+1's weight matrix, out×in; b[l] its bias. Both are updated in place by {@link #step}. The
     * loss of target values is "mse" or "log_cosh", the mean of log(cosh(z - t)).
     */
    public Mlp(String activation, String loss, double l2, double[][][] w, double[][] b) {
        this.activation = activation;
        this.loss = loss;
        this.l2 = l2;
        this.w = w;
        this.b = b;
    }

    /** Cross-entropy against class labels. */
    public Result lossAndGradients(double[][] x, int[] labels) {
        return lossAndGradients(x, labels, null);
    }

    /** Mean squared error or log-cosh against target values. */
    public Result lossAndGradients(double[][] x, double[][] targets) {
        return lossAndGradients(x, null, targets);
    }

    /** One step of gradient descent: θ ← θ - lr·dθ. */
    public void step(Result gradients, double lr) {
        for (int l = 0; l < w.length; l++) {
            for (int o = 0; o < w[l].length; o++) {
                for (int i = 0; i < w[l][o].length; i++) {
                    w[l][o][i] -= lr * gradients.dW()[l][o][i];
                }
                b[l][o] -= lr * gradients.db()[l][o];
            }
        }
    }

    public double[][][] weights() {
        return w;
    }

    public double[][] biases() {
        return b;
    }

    private Result lossAndGradients(double[][] x, int[] labels, double[][] targets) {
        int depth = w.length;
        double[][][] z = new double[depth + 1][][];
        double[][][] a = new double[depth + 1][][];
        a[0] = x;
        for (int l = 1; l <= depth; l++) {
            z[l] = new double[x.length][w[l - 1].length];
            a[l] = new double[x.length][w[l - 1].length];
            for (int n = 0; n < x.length; n++) {
                for (int o = 0; o < w[l - 1].length; o++) {
                    double sum = b[l - 1][o];
                    for (int i = 0; i < a[l - 1][n].length; i++) {
                        sum += a[l - 1][n][i] * w[l - 1][o][i];
                    }
                    z[l][n][o] = sum;
                    a[l][n][o] = l < depth ? f(sum) : sum;
                }
            }
        }

        double[][] out = z[depth];
        int samples = out.length;
        int width = out[0].length;
        double[][] delta = new double[samples][width];
        double[][] softmax = null;
        double loss = 0;
        if (labels != null) {
            softmax = new double[samples][width];
            for (int n = 0; n < samples; n++) {
                double max = Double.NEGATIVE_INFINITY;
                for (double v : out[n]) {
                    max = Math.max(max, v);
                }
                double sum = 0;
                for (int c = 0; c < width; c++) {
                    softmax[n][c] = Math.exp(out[n][c] - max);
                    sum += softmax[n][c];
                }
                for (int c = 0; c < width; c++) {
                    softmax[n][c] /= sum;
                    delta[n][c] = (softmax[n][c] - (c == labels[n] ? 1 : 0)) / samples;
                }
                // -log softmax[label] as log-sum-exp, which stays finite where softmax[label] underflows to 0.
                loss += (max + Math.log(sum) - out[n][labels[n]]) / samples;
            }
        } else if (this.loss.equals("log_cosh")) {
            for (int n = 0; n < samples; n++) {
                for (int c = 0; c < width; c++) {
                    double diff = out[n][c] - targets[n][c];
                    loss += Math.log(Math.cosh(diff)) / (samples * width);
                    delta[n][c] = Math.tanh(diff) / (samples * width);
                }
            }
        } else {
            for (int n = 0; n < samples; n++) {
                for (int c = 0; c < width; c++) {
                    double diff = out[n][c] - targets[n][c];
                    loss += diff * diff / (samples * width);
                    delta[n][c] = 2 * diff / (samples * width);
                }
            }
        }
        for (double[][] weight : w) {
            for (double[] row : weight) {
                for (double v : row) {
                    loss += 0.5 * l2 * v * v;
                }
            }
        }

        double[][][] dW = new double[depth][][];
        double[][] db = new double[depth][];
        for (int l = depth; l >= 1; l--) {
            dW[l - 1] = new double[w[l - 1].length][a[l - 1][0].length];
            db[l - 1] = new double[w[l - 1].length];
            for (int o = 0; o < w[l - 1].length; o++) {
                for (int i = 0; i < a[l - 1][0].length; i++) {
                    double sum = l2 * w[l - 1][o][i];
                    for (int n = 0; n < samples; n++) {
                        sum += delta[n][o] * a[l - 1][n][i];
                    }
                    dW[l - 1][o][i] = sum;
                }
                for (int n = 0; n < samples; n++) {
                    db[l - 1][o] += delta[n][o];
                }
            }
            if (l > 1) {
                double[][] previous = new double[samples][a[l - 1][0].length];
                for (int n = 0; n < samples; n++) {
                    for (int i = 0; i < previous[n].length; i++) {
                        double sum = 0;
                        for (int o = 0; o < w[l - 1].length; o++) {
                            sum += delta[n][o] * w[l - 1][o][i];
                        }
                        previous[n][i] = sum * fPrime(z[l - 1][n][i], a[l - 1][n][i]);
                    }
                }
                delta = previous;
            }
        }
        return new Result(loss, dW, db, z, a, softmax);
    }

    private double f(double z) {
        return switch (activation) {
            case "sigmoid" -> 1 / (1 + Math.exp(-z));
            case "tanh" -> Math.tanh(z);
            case "swish" -> z / (1 + Math.exp(-z));
            default -> Math.max(0, z);
        };
    }

    /** f'(z), written in terms of a = f(z) where that is the textbook form. */
    private double fPrime(double z, double a) {
        return switch (activation) {
            case "sigmoid" -> a * (1 - a);
            case "tanh" -> 1 - a * a;
            case "swish" -> {
                double s = 1 / (1 + Math.exp(-z));
                yield s + z * s * (1 - s);
            }
            default -> z > 0 ? 1 : 0;
        };
    }
}
