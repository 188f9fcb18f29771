package parity.core.activation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import parity.api.Activation;
import parity.core.Nd4jTensors;

/**
 * Core's five activations on ND4J arrays, in float64 and float32: f at points on both sides of 0 and of
 * softplus's threshold 20 against its closed form written out here with {@link Math}, within a few units of
 * roundoff (relative to f, but for tanh: see {@link #allowance}); f' against the closed-form derivative in
 * both dtypes and, in float64, against a central difference of core's own f; the conventions at the kinks
 * as torch takes them (relu'(0) = 0, leaky_relu'(0) = 0.01, softplus z itself and slope 1 above 20, finite
 * however large z is); and which function {@link ActivationFunction#of} hands out for each built-in, and
 * its refusal of a user's own activation.
 */
class ActivationFunctionTest {

    /** Unit roundoff of float64 and of float32. */
    private static final double U64 = 0x1p-53;
    private static final double U32 = 0x1p-24;

    /** Both sides of 0 and of 20, no point within 10⁻² of either: far from every kink for the step below. */
    private static final double[] POINTS = {-30, -9, -2.5, -0.75, -0.01, 0.01, 0.4, 1.5, 4, 19.5, 20.5, 35};

    /** The central difference's step: truncation h²·f'''/6 and rounding u·|f|/h both below 10⁻⁹ here. */
    private static final double STEP = 1e-5;

    @ParameterizedTest
    @EnumSource(Activation.BuiltIn.class)
    void valuesFollowTheClosedFormInFloat64(Activation.BuiltIn builtIn) {
        double[] a = values(ActivationFunction.of(builtIn).apply(Nd4j.createFromArray(POINTS)));
        for (int i = 0; i < POINTS.length; i++) {
            double expected = f(builtIn, POINTS[i]);
            assertEquals(expected, a[i], allowance(builtIn, expected, U64), builtIn + "(" + POINTS[i] + ")");
        }
    }

    /**
     * Each value of the float32 input, widened, against the closed form in float64: within a few float32
     * units, softplus far below 0 included, where log(1 + e^z) taken naively in float32 loses u/e^z relative.
     */
    @ParameterizedTest
    @EnumSource(Activation.BuiltIn.class)
    void valuesFollowTheClosedFormInFloat32(Activation.BuiltIn builtIn) {
        float[] z = float32(POINTS);
        double[] a = values(ActivationFunction.of(builtIn).apply(Nd4j.createFromArray(z)));
        for (int i = 0; i < z.length; i++) {
            double expected = f(builtIn, z[i]);
            assertEquals(expected, a[i], allowance(builtIn, expected, U32), builtIn + "(" + z[i] + "f)");
        }
    }

    /**
     * f'(z) from z and a = f(z). σ' = a(1 - a) and tanh' = 1 - a² carry an absolute error of a few u
     * from a itself, so the allowance is absolute as well as relative.
     */
    @ParameterizedTest
    @EnumSource(Activation.BuiltIn.class)
    void derivativesFollowTheClosedForm(Activation.BuiltIn builtIn) {
        ActivationFunction function = ActivationFunction.of(builtIn);
        INDArray z64 = Nd4j.createFromArray(POINTS);
        double[] d64 = values(function.derivative(z64, function.apply(z64)));
        float[] z32 = float32(POINTS);
        INDArray z32Array = Nd4j.createFromArray(z32);
        double[] d32 = values(function.derivative(z32Array, function.apply(z32Array)));
        for (int i = 0; i < POINTS.length; i++) {
            double expected64 = derivative(builtIn, POINTS[i]);
            assertEquals(expected64, d64[i], 8 * U64 * (1 + Math.abs(expected64)), builtIn + "'(" + POINTS[i] + ")");
            double expected32 = derivative(builtIn, z32[i]);
            assertEquals(expected32, d32[i], 8 * U32 * (1 + Math.abs(expected32)), builtIn + "'(" + z32[i] + "f)");
        }
    }

    /** Core's f' is the slope of core's own f: (f(z + h) - f(z - h)) / 2h, in float64. */
    @ParameterizedTest
    @EnumSource(Activation.BuiltIn.class)
    void derivativesMatchCentralDifferencesOfF(Activation.BuiltIn builtIn) {
        ActivationFunction function = ActivationFunction.of(builtIn);
        double[] above = new double[POINTS.length];
        double[] below = new double[POINTS.length];
        for (int i = 0; i < POINTS.length; i++) {
            above[i] = POINTS[i] + STEP;
            below[i] = POINTS[i] - STEP;
        }
        double[] fAbove = values(function.apply(Nd4j.createFromArray(above)));
        double[] fBelow = values(function.apply(Nd4j.createFromArray(below)));
        INDArray z = Nd4j.createFromArray(POINTS);
        double[] d = values(function.derivative(z, function.apply(z)));
        for (int i = 0; i < POINTS.length; i++) {
            double difference = (fAbove[i] - fBelow[i]) / (above[i] - below[i]);
            assertEquals(difference, d[i], 1e-8 * (1 + Math.abs(difference)), builtIn + "'(" + POINTS[i] + ")");
        }
    }

    /** relu(0) = 0 and relu'(0) = 0, as torch takes it; the slope is 1 however little above 0. */
    @Test
    void reluTakesSlopeZeroAtTheKink() {
        ActivationFunction relu = ActivationFunction.of(Activation.BuiltIn.RELU);
        double[] z = {-1e-300, 0, 1e-300};
        INDArray z64 = Nd4j.createFromArray(z);
        assertArrayEquals(new double[] {0, 0, 1e-300}, values(relu.apply(z64)));
        assertArrayEquals(new double[] {0, 0, 1}, values(relu.derivative(z64, relu.apply(z64))));
        INDArray z32 = Nd4j.createFromArray(new float[] {-1e-30f, 0, 1e-30f});
        assertArrayEquals(new double[] {0, 0, 1}, values(relu.derivative(z32, relu.apply(z32))));
    }

    /** leaky_relu'(0) = 0.01, torch's default slope, as on the negative side; 0.01·z below 0. */
    @Test
    void leakyReluTakesTheNegativeSlopeAtTheKink() {
        ActivationFunction leaky = ActivationFunction.of(Activation.BuiltIn.LEAKY_RELU);
        INDArray z64 = Nd4j.createFromArray(-3.0, 0.0, 1e-300);
        assertArrayEquals(new double[] {0.01 * -3, 0, 1e-300}, values(leaky.apply(z64)));
        assertArrayEquals(new double[] {0.01, 0.01, 1}, values(leaky.derivative(z64, leaky.apply(z64))));
        INDArray z32 = Nd4j.createFromArray(-3f, 0f, 1e-30f);
        assertArrayEquals(new double[] {0.01f, 0.01f, 1}, values(leaky.derivative(z32, leaky.apply(z32))));
    }

    /**
     * torch's threshold 20: at 20 itself softplus is still log(1 + e^20) = 20 + 2.06·10⁻⁹ with slope σ(20),
     * above it z exactly with slope exactly 1, and no e^z overflows into the result: e^1000 in float64 and
     * e^100 in float32 are infinite.
     */
    @Test
    void softplusIsZItselfAboveTwenty() {
        ActivationFunction softplus = ActivationFunction.of(Activation.BuiltIn.SOFTPLUS);
        INDArray z64 = Nd4j.createFromArray(20.0, 20.5, 1000.0);
        double[] a64 = values(softplus.apply(z64));
        double[] d64 = values(softplus.derivative(z64, softplus.apply(z64)));
        assertEquals(20 + Math.log1p(Math.exp(-20)), a64[0], 4 * U64 * 20);
        assertTrue(a64[0] > 20, "softplus(20) is not 20 itself");
        assertEquals(1 / (1 + Math.exp(-20)), d64[0], 4 * U64);
        assertTrue(d64[0] < 1, "softplus'(20) is σ(20), below 1");
        assertArrayEquals(new double[] {20.5, 1000}, new double[] {a64[1], a64[2]});
        assertArrayEquals(new double[] {1, 1}, new double[] {d64[1], d64[2]});

        INDArray z32 = Nd4j.createFromArray(20.5f, 100f);
        assertArrayEquals(new double[] {20.5, 100}, values(softplus.apply(z32)));
        assertArrayEquals(new double[] {1, 1}, values(softplus.derivative(z32, softplus.apply(z32))));
    }

    /** Every built-in has its own class in core. */
    @ParameterizedTest
    @EnumSource(Activation.BuiltIn.class)
    void ofHandsOutEachBuiltIn(Activation.BuiltIn builtIn) {
        Class<? extends ActivationFunction> expected = switch (builtIn) {
            case SIGMOID -> Sigmoid.class;
            case TANH -> Tanh.class;
            case RELU -> Relu.class;
            case LEAKY_RELU -> LeakyRelu.class;
            case SOFTPLUS -> Softplus.class;
        };
        assertInstanceOf(expected, ActivationFunction.of(builtIn));
        assertTrue(ActivationFunction.isBuiltIn(builtIn));
    }

    @Test
    void ofRefusesAUsersOwnActivation() {
        Activation cube = new Activation.Custom("cube", z -> z * z * z, new double[0]);
        assertFalse(ActivationFunction.isBuiltIn(cube));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ActivationFunction.of(cube));
        assertEquals("core has no activation \"cube\"", refused.getMessage());
    }

    /**
     * A few units of roundoff relative to f, except for tanh: ND4J's tanh is accurate to a few u absolutely,
     * not relatively, near 0 (in float32 tanh(10⁻⁶) comes out 1.3% off and tanh(10⁻⁸) as 0), so it is held
     * to a few u of max(|f|, 1).
     */
    private static double allowance(Activation.BuiltIn builtIn, double expected, double u) {
        double scale = builtIn == Activation.BuiltIn.TANH ? Math.max(1, Math.abs(expected)) : Math.abs(expected);
        return 4 * u * scale;
    }

    /** f(z), written out here in float64. */
    private static double f(Activation.BuiltIn builtIn, double z) {
        return switch (builtIn) {
            case SIGMOID -> 1 / (1 + Math.exp(-z));
            case TANH -> Math.tanh(z);
            case RELU -> Math.max(0, z);
            case LEAKY_RELU -> z > 0 ? z : 0.01 * z;
            case SOFTPLUS -> z > 20 ? z : Math.log1p(Math.exp(z));
        };
    }

    /** f'(z) in float64, in forms free of cancellation: σ' = e^-|z| / (1 + e^-|z|)², tanh' = 1 / cosh². */
    private static double derivative(Activation.BuiltIn builtIn, double z) {
        return switch (builtIn) {
            case SIGMOID -> Math.exp(-Math.abs(z)) / Math.pow(1 + Math.exp(-Math.abs(z)), 2);
            case TANH -> 1 / Math.pow(Math.cosh(z), 2);
            case RELU -> z > 0 ? 1 : 0;
            case LEAKY_RELU -> z > 0 ? 1 : 0.01;
            case SOFTPLUS -> z > 20 ? 1 : 1 / (1 + Math.exp(-z));
        };
    }

    private static float[] float32(double[] values) {
        float[] narrowed = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            narrowed[i] = (float) values[i];
        }
        return narrowed;
    }

    /** The array's elements widened to double, in row-major order. */
    private static double[] values(INDArray array) {
        return Nd4jTensors.toTensor(array).data();
    }
}
