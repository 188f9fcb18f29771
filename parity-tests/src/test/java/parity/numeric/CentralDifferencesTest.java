package parity.numeric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import parity.fixtures.Fixture;
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

    @Test
    void largeFixturesAreCheckedOnTheSameSampleEveryRun() throws InvalidFixtureException {
        String json = """
                {"name": "large", "dtype": "float64", "layers": [200, 101, 2], "activation": "tanh",
                 "loss": "softmax_cross_entropy", "l2": 0.01, "init": {"seed": 5, "scale": 0.1, "samples": 2}}""";
        Fixture fixture = fixture(json);
        assertTrue(fixture.parameterCount() > CentralDifferences.FULL_CHECK_LIMIT);

        NumericGradients first = new CentralDifferences(fixture).gradients();
        NumericGradients second = new CentralDifferences(fixture(json)).gradients();
        assertEquals(CentralDifferences.SAMPLE_SIZE, first.checkedCount("dW1"));
        assertEquals(101, first.checkedCount("db1"));
        assertEquals(CentralDifferences.SAMPLE_SIZE, first.checkedCount("dW2"));
        assertEquals(2, first.checkedCount("db2"));
        assertEquals(first.checked(), second.checked());
        // The documented procedure, run independently in Python (SplitMix64 seeded 20260101, one stream
        // for dW1, db1, dW2, db2 in turn): dW1 starts 15, 50, 103, 123, 128 and ends 19666, 19679,
        // 19765; dW2 leaves out 6 and 114 of its 202.
        int[] dW1 = first.checked().get("dW1").stream().toArray();
        assertArrayEquals(new int[] {15, 50, 103, 123, 128}, java.util.Arrays.copyOf(dW1, 5));
        assertArrayEquals(new int[] {19666, 19679, 19765}, java.util.Arrays.copyOfRange(dW1, 197, 200));
        assertEquals(false, first.checked().get("dW2").get(6));
        assertEquals(false, first.checked().get("dW2").get(114));
        assertEquals(20200, new CentralDifferences(fixture, false).gradients().checkedCount("dW1"));
    }
}
