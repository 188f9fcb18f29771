package parity.core.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import parity.api.Loss;
import parity.api.LossOptions;
import parity.api.Targets;
import parity.api.Tensor;
import parity.core.Nd4jTensors;

/**
 * Core's two data losses on small examples worked by hand here, in float64 and float32: softmax
 * cross-entropy as the mean over samples of log Σ_k e^{z_k} - z_label, finite at logits of ±1000; MSE as
 * the mean over all N·D elements, not over N. Each gradient against its closed form, (softmax - onehot)/N
 * and 2(ŷ - t)/(N·D), and against a central difference of core's own loss value; the probabilities
 * cross-entropy reports; and which loss {@link DataLoss#of} hands out.
 */
class DataLossTest {

    private static final double[][] LOGITS = {{1, 2, 3}, {0.5, -1, 2}};
    private static final Targets LABELS = new Targets.ClassLabels(new int[] {2, 0});

    private static final double[][] OUTPUTS = {{0.3, -1.2, 2.5}, {1.7, 0.4, -0.6}};
    private static final Targets VALUES = new Targets.Values(Tensor.matrix(new double[][] {{1, -1, 2}, {0.5, 0.5, 0}}));

    /** The central difference's step: its truncation and rounding errors are both below 10⁻¹⁰ here. */
    private static final double STEP = 1e-5;

    /**
     * Sample 0: log(e + e² + e³) - 3; sample 1: log(e^0.5 + e^-1 + e²) - 0.5; their mean. And a uniform
     * row, log 4 whatever the label.
     */
    @Test
    void crossEntropyIsTheMeanOfMinusLogSoftmaxAtTheLabel() {
        double sample0 = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 3;
        double sample1 = Math.log(Math.exp(0.5) + Math.exp(-1) + Math.exp(2)) - 0.5;
        double value = new SoftmaxCrossEntropy().value(array(LOGITS, DataType.DOUBLE), LABELS);
        assertEquals((sample0 + sample1) / 2, value, 1e-15);
        INDArray uniform = Nd4j.zeros(DataType.DOUBLE, 2, 4);
        assertEquals(Math.log(4), new SoftmaxCrossEntropy().value(uniform, new Targets.ClassLabels(new int[] {1, 3})), 1e-15);
    }

    @Test
    void crossEntropyInFloat32() {
        double sample0 = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 3;
        double sample1 = Math.log(Math.exp(0.5) + Math.exp(-1) + Math.exp(2)) - 0.5;
        INDArray z = array(LOGITS, DataType.FLOAT);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        assertEquals((sample0 + sample1) / 2, loss.value(z, LABELS), 1e-6);
        assertMatrixEquals(crossEntropyGradient(LOGITS, new int[] {2, 0}), values(loss.gradient(z, LABELS)), 1e-7);
    }

    /**
     * Logits of ±1000: e^1000 is infinite, so only a loss that subtracts each row's maximum first stays
     * finite. Row [1000, 0] at label 0 costs log(1 + e^-1000) = 0 in float64; row [-1000, 1000] at label 0
     * costs 2000; the mean is 1000, and the gradient rows are [0, 0] and [-1, 1]/2.
     */
    @Test
    void crossEntropyIsFiniteAtLargeLogits() {
        INDArray z = array(new double[][] {{1000, 0}, {-1000, 1000}}, DataType.DOUBLE);
        Targets labels = new Targets.ClassLabels(new int[] {0, 0});
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        assertEquals(1000, loss.value(z, labels));
        assertMatrixEquals(new double[][] {{0, 0}, {-0.5, 0.5}}, values(loss.gradient(z, labels)), 0);
    }

    @Test
    void crossEntropyGradientIsSoftmaxMinusOneHotOverN() {
        INDArray z = array(LOGITS, DataType.DOUBLE);
        assertMatrixEquals(crossEntropyGradient(LOGITS, new int[] {2, 0}), values(new SoftmaxCrossEntropy().gradient(z, LABELS)), 1e-15);
    }

    /**
     * One loss object throughout, as the network uses it: it keeps the exponentials of the last z it saw, so
     * each perturbed z is a new array and must not be taken for the last.
     */
    @Test
    void crossEntropyGradientMatchesCentralDifferences() {
        assertGradientMatchesCentralDifferences(new SoftmaxCrossEntropy(), LOGITS, LABELS);
    }

    /** The probabilities are softmax(z) row by row; MSE has none. */
    @Test
    void crossEntropyReportsTheSoftmax() {
        double[][] expected = new double[LOGITS.length][];
        for (int i = 0; i < LOGITS.length; i++) {
            expected[i] = softmax(LOGITS[i]);
        }
        INDArray z = array(LOGITS, DataType.DOUBLE);
        assertMatrixEquals(expected, values(new SoftmaxCrossEntropy().probabilities(z).orElseThrow()), 1e-15);
        assertTrue(new MeanSquaredError().probabilities(z).isEmpty());
    }

    /**
     * ŷ - t = [[1, 0, -2], [0, 2, 0]]: squares summing to 9 over N·D = 6 elements, 1.5 (over N alone it
     * would be 4.5); the gradient 2(ŷ - t)/6.
     */
    @Test
    void mseIsTheMeanOverAllElements() {
        double[][] outputs = {{1, 2, 3}, {4, 5, 6}};
        Targets targets = new Targets.Values(Tensor.matrix(new double[][] {{0, 2, 5}, {4, 3, 6}}));
        double[][] gradient = {{1.0 / 3, 0, -2.0 / 3}, {0, 2.0 / 3, 0}};
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            INDArray z = array(outputs, type);
            assertEquals(1.5, new MeanSquaredError().value(z, targets), type.toString());
            double tolerance = type == DataType.DOUBLE ? 1e-15 : 1e-7;
            assertMatrixEquals(gradient, values(new MeanSquaredError().gradient(z, targets)), tolerance);
        }
    }

    @Test
    void mseGradientIsTwiceTheErrorOverNTimesD() {
        double[][] t = ((Targets.Values) VALUES).values().rows();
        double[][] expected = new double[OUTPUTS.length][OUTPUTS[0].length];
        for (int i = 0; i < OUTPUTS.length; i++) {
            for (int k = 0; k < OUTPUTS[0].length; k++) {
                expected[i][k] = 2 * (OUTPUTS[i][k] - t[i][k]) / 6;
            }
        }
        assertMatrixEquals(expected, values(new MeanSquaredError().gradient(array(OUTPUTS, DataType.DOUBLE), VALUES)), 1e-15);
    }

    @Test
    void mseGradientMatchesCentralDifferences() {
        assertGradientMatchesCentralDifferences(new MeanSquaredError(), OUTPUTS, VALUES);
    }

    /**
     * pos_weight p = [2, 1, 0.5] on z = OUTPUTS, soft targets: each element's ℓ = -(p·t·log σ(z) + (1 - t)·log(1 - σ(z)))
     * written as the textbook has it (not torch's overflow-free form), and dℓ/dz = w·σ(z) - p·t, w = 1 + (p - 1)·t.
     */
    @Test
    void binaryCrossEntropyIsTheTextbooksWithPosWeight() {
        double[] p = {2, 1, 0.5};
        double[][] t = {{0, 0.25, 1}, {1, 0.5, 0.75}};
        Targets soft = new Targets.Values(Tensor.matrix(t));
        BinaryCrossEntropyWithLogits bce = new BinaryCrossEntropyWithLogits(new LossOptions(1, p, LossOptions.Reduction.MEAN, 0, null));
        double total = 0;
        double[][] expected = new double[2][3];
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 3; c++) {
                double s = 1 / (1 + Math.exp(-OUTPUTS[n][c]));
                total += -(p[c] * t[n][c] * Math.log(s) + (1 - t[n][c]) * Math.log(1 - s));
                expected[n][c] = ((1 + (p[c] - 1) * t[n][c]) * s - p[c] * t[n][c]) / 6;
            }
        }
        assertEquals(total / 6, bce.value(array(OUTPUTS, DataType.DOUBLE), soft), 1e-15);
        assertMatrixEquals(expected, values(bce.gradient(array(OUTPUTS, DataType.DOUBLE), soft)), 1e-15);
        assertGradientMatchesCentralDifferences(bce, OUTPUTS, soft);
    }

    /** Logits of ±800, where e^800 overflows: σ is taken on the side that does not, the loss as torch's is. */
    @Test
    void binaryCrossEntropyStaysFiniteAtLogitsThatOverflowAnExponential() {
        BinaryCrossEntropyWithLogits bce = new BinaryCrossEntropyWithLogits(LossOptions.DEFAULTS);
        Targets labels = new Targets.Values(Tensor.matrix(new double[][] {{1, 0}}));
        INDArray z = array(new double[][] {{800, 800}}, DataType.DOUBLE);
        assertMatrixEquals(new double[][] {{0, 0.5}}, values(bce.gradient(z, labels)), 0);
        assertEquals(400, bce.value(z, labels), 0);
        INDArray negative = array(new double[][] {{-800, -800}}, DataType.DOUBLE);
        assertMatrixEquals(new double[][] {{-0.5, 0}}, values(bce.gradient(negative, labels)), 0);
        assertEquals(400, bce.value(negative, labels), 0);
    }

    /** reduction sum: Σ (z - t)², twice the residual as its gradient, not divided by N·D. */
    @Test
    void mseSumIsTheSumAndItsGradientIsNotDivided() {
        MeanSquaredError sum = new MeanSquaredError(LossOptions.Reduction.SUM);
        MeanSquaredError mean = new MeanSquaredError();
        INDArray z = array(OUTPUTS, DataType.DOUBLE);
        assertEquals(6 * mean.value(z, VALUES), sum.value(z, VALUES), 1e-14);
        assertMatrixEquals(values(mean.gradient(z, VALUES).mul(6)), values(sum.gradient(z, VALUES)), 1e-15);
        assertGradientMatchesCentralDifferences(sum, OUTPUTS, VALUES);
    }

    @Test
    void ofHandsOutEachLoss() {
        assertInstanceOf(SoftmaxCrossEntropy.class, DataLoss.of(Loss.BuiltIn.SOFTMAX_CROSS_ENTROPY, LossOptions.DEFAULTS));
        assertInstanceOf(MeanSquaredError.class, DataLoss.of(Loss.BuiltIn.MSE, LossOptions.DEFAULTS));
        assertInstanceOf(Huber.class, DataLoss.of(Loss.BuiltIn.HUBER, LossOptions.DEFAULTS));
        assertInstanceOf(BinaryCrossEntropyWithLogits.class, DataLoss.of(Loss.BuiltIn.BCE_WITH_LOGITS, LossOptions.DEFAULTS));
    }

    /**
     * δ = 0.45 on d = z - t = [[-0.7, -0.2, 0.5], [1.2, -0.1, -0.6]]: |d| 0.2 and 0.1 inside (d²/2), the rest
     * outside (δ·(|d| - δ/2)), worked out by hand; the gradient is d inside, δ·sign(d) outside, over N·D = 6.
     */
    @Test
    void huberIsQuadraticInsideDeltaAndLinearOutside() {
        double outside = 0.45 * (0.7 - 0.225) + 0.45 * (0.5 - 0.225) + 0.45 * (1.2 - 0.225) + 0.45 * (0.6 - 0.225);
        double inside = 0.5 * 0.2 * 0.2 + 0.5 * 0.1 * 0.1;
        Huber huber = new Huber(0.45);
        assertEquals((outside + inside) / 6, huber.value(array(OUTPUTS, DataType.DOUBLE), VALUES), 1e-15);
        double[][] expected = {{-0.45 / 6, -0.2 / 6, 0.45 / 6}, {0.45 / 6, -0.1 / 6, -0.45 / 6}};
        assertMatrixEquals(expected, values(huber.gradient(array(OUTPUTS, DataType.DOUBLE), VALUES)), 1e-15);
        assertGradientMatchesCentralDifferences(huber, OUTPUTS, VALUES);
    }

    /** (L(z + h·e_ik) - L(z - h·e_ik)) / 2h for every element, in float64, each from a fresh array. */
    private static void assertGradientMatchesCentralDifferences(DataLoss loss, double[][] z, Targets targets) {
        double[][] gradient = values(loss.gradient(array(z, DataType.DOUBLE), targets));
        for (int i = 0; i < z.length; i++) {
            for (int k = 0; k < z[i].length; k++) {
                double[][] above = copy(z);
                double[][] below = copy(z);
                above[i][k] += STEP;
                below[i][k] -= STEP;
                double difference = (loss.value(array(above, DataType.DOUBLE), targets)
                        - loss.value(array(below, DataType.DOUBLE), targets)) / (above[i][k] - below[i][k]);
                assertEquals(difference, gradient[i][k], 1e-9, "dL/dz[" + i + "][" + k + "]");
            }
        }
    }

    /** (softmax(z_i) - onehot(y_i)) / N, row by row. */
    private static double[][] crossEntropyGradient(double[][] z, int[] labels) {
        double[][] gradient = new double[z.length][];
        for (int i = 0; i < z.length; i++) {
            gradient[i] = softmax(z[i]);
            gradient[i][labels[i]] -= 1;
            for (int k = 0; k < gradient[i].length; k++) {
                gradient[i][k] /= z.length;
            }
        }
        return gradient;
    }

    private static double[] softmax(double[] row) {
        double sum = 0;
        for (double value : row) {
            sum += Math.exp(value);
        }
        double[] p = new double[row.length];
        for (int k = 0; k < row.length; k++) {
            p[k] = Math.exp(row[k]) / sum;
        }
        return p;
    }

    private static double[][] copy(double[][] rows) {
        double[][] copy = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            copy[i] = rows[i].clone();
        }
        return copy;
    }

    private static INDArray array(double[][] rows, DataType type) {
        return Nd4jTensors.toArray(Tensor.matrix(rows), type);
    }

    private static double[][] values(INDArray matrix) {
        return Nd4jTensors.toTensor(matrix).rows();
    }

    private static void assertMatrixEquals(double[][] expected, double[][] actual, double tolerance) {
        assertEquals(expected.length, actual.length, "rows");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i].length, actual[i].length, "columns");
            for (int k = 0; k < expected[i].length; k++) {
                assertEquals(expected[i][k], actual[i][k], tolerance, "[" + i + "][" + k + "]");
            }
        }
    }
}
