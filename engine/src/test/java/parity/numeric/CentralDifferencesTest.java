package parity.numeric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import parity.api.Fixture;
import parity.api.Tensor;
import parity.api.Tolerance;
import parity.fixtures.FixtureReader;
import parity.fixtures.InvalidFixtureException;

class CentralDifferencesTest {

    private static Fixture fixture(String json) throws InvalidFixtureException {
        return new FixtureReader().read("test.json", json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * One linear layer, MSE, one sample: L = (1/D)·Σ_o (W_o·x + b_o - t_o)² + 0.5·λ·‖W‖², so
     * dL/dW_oi = (2/D)·r_o·x_i + λ·W_oi and dL/db_o = (2/D)·r_o with r = Wx + b - t, worked out by hand.
     */
    @Test
    void matchesTheClosedFormOfALinearRegression() throws InvalidFixtureException {
        Fixture fixture = fixture("""
                {"name": "linear", "dtype": "float64", "layers": [2, 2], "activation": "relu", "loss": "mse",
                 "l2": 0.5, "inputs": [[1.5, -2.0]], "targets": [[0.25, 1.0]],
                 "params": {"W1": [[0.5, -1.0], [2.0, 0.25]], "b1": [0.1, -0.3]}}""");
        NumericGradients numeric = new CentralDifferences(fixture).gradients();

        double r0 = 0.5 * 1.5 - 1.0 * -2.0 + 0.1 - 0.25;
        double r1 = 2.0 * 1.5 + 0.25 * -2.0 - 0.3 - 1.0;
        double[] dW1 = {r0 * 1.5 + 0.5 * 0.5, r0 * -2.0 + 0.5 * -1.0, r1 * 1.5 + 0.5 * 2.0, r1 * -2.0 + 0.5 * 0.25};
        assertArrayEquals(dW1, numeric.values().gradients().get("dW1").data(), 1e-9);
        assertArrayEquals(new double[] {r0, r1}, numeric.values().gradients().get("db1").data(), 1e-9);
        double loss = (r0 * r0 + r1 * r1) / 2 + 0.25 * (0.25 + 1 + 4 + 0.0625);
        assertEquals(loss, numeric.values().loss(), 1e-15);
        assertEquals(List.of(), numeric.skipped());
    }

    /**
     * Format 1.2: tanh below, relu above, no bias in the first layer. Finite differences of the plain-Java
     * loss against PyTorch autograd on the same network, every element; and the kink named is layer 2's
     * ReLU, since layer 1's tanh has none.
     */
    @Test
    void perLayerActivationsAndMissingBiasesAgreeWithAutograd() throws InvalidFixtureException {
        Fixture fixture = fixture("""
                {"version": "1.2", "name": "per-layer", "dtype": "float64", "layers": [2, 3, 2, 2],
                 "activation": ["tanh", "relu"], "bias": [false, true, true], "loss": "softmax_cross_entropy",
                 "l2": 0.1, "inputs": [[1.0, -0.5], [0.3, 0.8]], "targets": [1, 0],
                 "params": {"W1": [[1.0, 0.5], [-0.5, 1.0], [0.25, -0.75]],
                            "W2": [[1.0, -1.0, 0.5], [0.5, 0.25, -1.0]], "b2": [0.3, 0.2],
                            "W3": [[0.7, -0.4], [-0.2, 0.9]], "b3": [0.0, 0.1]}}""");
        NumericGradients numeric = new CentralDifferences(fixture).gradients();
        parity.api.LossAndGradients autograd = parity.compare.Implementations.REFERENCE.lossAndGradients(fixture);

        assertEquals(List.of("dW1", "dW2", "db2", "dW3", "db3"), List.copyOf(numeric.values().gradients().keySet()));
        assertEquals(List.copyOf(autograd.gradients().keySet()), List.copyOf(numeric.values().gradients().keySet()));
        autograd.gradients().forEach((name, exact) ->
                assertArrayEquals(exact.data(), numeric.values().gradients().get(name).data(), 1e-9, name));
        assertEquals(autograd.loss(), numeric.values().loss(), 1e-15);
        assertEquals(List.of(), numeric.skipped());
    }

    @Test
    void skipsElementsWhoseStepCrossesAReluKink() throws InvalidFixtureException {
        // z1[0][0] = 1·1 + 0·1 - 1 + 1e-9 ≈ 1e-9: any step in W1[0][*] or b1[0] of size ~6e-6 crosses 0.
        Fixture fixture = fixture("""
                {"name": "kink", "dtype": "float64", "layers": [2, 2, 2], "activation": "relu",
                 "loss": "softmax_cross_entropy", "l2": 0.1, "inputs": [[1.0, 0.0]], "targets": [1],
                 "params": {"W1": [[1.0, 0.5], [0.5, 1.0]], "b1": [-0.999999999, 0.2],
                            "W2": [[1.0, -1.0], [0.5, 0.25]], "b2": [0.0, 0.1]}}""");
        NumericGradients numeric = new CentralDifferences(fixture).gradients();

        assertEquals(List.of(
                new SkippedElement("dW1", "[0][0]", "θ ± h moves z1[0][0] across the ReLU kink at 0"),
                new SkippedElement("db1", "[0]", "θ ± h moves z1[0][0] across the ReLU kink at 0")),
                numeric.skipped());
        // W1[0][1] multiplies x_1 = 0, so its step moves nothing: it is estimated, not skipped.
        assertEquals(3, numeric.checkedCount("dW1"));
        assertTrue(Double.isNaN(numeric.values().gradients().get("dW1").get(0)));
        assertEquals(4, numeric.checkedCount("dW2"));
    }

    private static final String LARGE = """
            {"name": "large", "dtype": "float64", "layers": [200, 101, 2], "activation": "tanh",
             "loss": "softmax_cross_entropy", "l2": 0.01, "init": {"seed": 5, "scale": 0.1, "samples": 2}}""";

    @Test
    void largeFixturesAreCheckedOnTheSameSampleEveryRun() throws InvalidFixtureException {
        Fixture fixture = fixture(LARGE);
        assertTrue(fixture.parameterCount() > CentralDifferences.FULL_CHECK_LIMIT);

        NumericGradients first = new CentralDifferences(fixture).gradients();
        NumericGradients second = new CentralDifferences(fixture(LARGE)).gradients();
        assertEquals(32, CentralDifferences.SAMPLE_SIZE);
        assertEquals(32, first.checkedCount("dW1"));
        assertEquals(32, first.checkedCount("db1"));
        assertEquals(32, first.checkedCount("dW2"));
        assertEquals(2, first.checkedCount("db2"));
        assertEquals(first.checked(), second.checked());
        // The documented procedure, run independently in Python (SplitMix64 seeded 20260101, one stream
        // for dW1, db1, dW2, db2 in turn, 32 a tensor): dW1 starts 934, 1228, 3494, 4668, 4902 and ends
        // 18162, 19148, 19511; dW2 starts 0, 6, 8, 25. (The same script gives the 200-element sample
        // this project used before, 15, 50, 103, 123, 128, …: it is the same procedure.)
        int[] dW1 = first.checked().get("dW1").stream().toArray();
        assertArrayEquals(new int[] {934, 1228, 3494, 4668, 4902}, java.util.Arrays.copyOf(dW1, 5));
        assertArrayEquals(new int[] {18162, 19148, 19511}, java.util.Arrays.copyOfRange(dW1, 29, 32));
        assertArrayEquals(new int[] {0, 6, 8, 25}, java.util.Arrays.copyOf(first.checked().get("dW2").stream().toArray(), 4));
        assertEquals(20200, new CentralDifferences(fixture, false).gradients().checkedCount("dW1"));
    }

    @Test
    void everyTensorIsCheckedAlongSeededSignDirections() throws InvalidFixtureException {
        NumericGradients numeric = new CentralDifferences(fixture(LARGE)).gradients();

        assertEquals(List.of("dW1·u1", "dW1·u2", "db1·u1", "db1·u2", "dW2·u1", "dW2·u2", "db2·u1", "db2·u2"),
                numeric.directions().stream().map(DirectionalDerivative::name).toList());
        // Independently in Python: SplitMix64 seeded 20261129, -1 when uniform < 0.5, dW1·u1 first; this
        // fixture has more than 20,000 parameters, so a weight's u is the outer product of signs s over
        // its rows, then t over its columns.
        double[] u = numeric.directions().get(0).direction().data();
        assertArrayEquals(new double[] {1, -1, -1, -1, -1, -1, -1, 1}, java.util.Arrays.copyOf(u, 8));
        assertEquals(18, java.util.Arrays.stream(u).sum());
        assertArrayEquals(new double[] {-1, -1, -1, -1, -1, -1},
                java.util.Arrays.copyOf(numeric.directions().get(4).direction().data(), 6));
        assertArrayEquals(new double[] {-1, -1}, numeric.directions().get(7).direction().data());
    }

    @Test
    void aRepeatedDirectionIsDrawnAgain() throws InvalidFixtureException {
        Fixture fixture = fixture("""
                {"name": "small", "dtype": "float64", "layers": [2, 3, 2], "activation": "sigmoid",
                 "loss": "softmax_cross_entropy", "l2": 0.01, "init": {"seed": 1, "scale": 0.5, "samples": 4}}""");
        List<DirectionalDerivative> directions = new CentralDifferences(fixture).gradients().directions();

        // Independently in Python: the stream's first two draws of six signs are both 1, 1, 1, -1, -1, -1.
        assertArrayEquals(new double[] {1, 1, 1, -1, -1, -1}, directions.get(0).direction().data());
        assertArrayEquals(new double[] {1, -1, -1, -1, 1, -1}, directions.get(1).direction().data());
    }

    /**
     * One element wrong, outside the per-element sample: the directions see it. The right gradient is
     * the every-element estimate; each direction passes it, and fails it with dW1[7][3] off by 1e-4.
     */
    @Test
    void aWrongElementOutsideTheSampleFailsADirection() throws InvalidFixtureException {
        Fixture fixture = fixture(LARGE);
        NumericGradients gate = new CentralDifferences(fixture).gradients();
        int wrong = 7 * 200 + 3;
        assertEquals(false, gate.checked().get("dW1").get(wrong), "the element must lie outside the sample");
        Tensor right = new CentralDifferences(fixture, false).gradients().values().gradients().get("dW1");
        double[] values = right.data();
        values[wrong] += 1e-4;
        Tensor broken = new Tensor(right.shape(), values);

        for (DirectionalDerivative direction : gate.directions().subList(0, 2)) {
            assertTrue(direction.tolerance().allows(direction.along(right), direction.estimate()), direction.name());
            assertEquals(false, direction.tolerance().allows(direction.along(broken), direction.estimate()),
                    direction.name());
        }
    }

    /** |gᵀu - D_u| ≤ atol + rtol·|D_u| with the atol of the rounding bound: 4096·ε·max(1, |L|)/h above 1e-7. */
    @Test
    void theDirectionalToleranceIsTheRoundingBound() {
        Tolerance small = CentralDifferences.directionalTolerance(0.5, 6e-6);
        assertEquals(1e-5, small.rtol());
        assertEquals(1e-7 + 4096 * Math.ulp(1.0) / 6e-6, small.atol(), 1e-22);
        assertEquals(1e-7 + 4096 * Math.ulp(1.0) * 561 / 6e-6, CentralDifferences.directionalTolerance(-561, 6e-6).atol(),
                1e-20);
    }
}
