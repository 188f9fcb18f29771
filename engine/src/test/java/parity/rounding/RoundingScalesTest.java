package parity.rounding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import parity.api.DType;
import parity.api.Fixture;
import parity.fixtures.FixtureReader;

/**
 * The rounding scales of a one-unit network worked by hand from the model in {@link RoundingScales}'s
 * Javadoc: x = 1, W = 1, b = 0, MSE against t = 0.5, N = 1, no L2, in float32. Then z = 1, d = z - t = 0.5,
 * δ = 2d/(N·D) = 1, dW = δ·x = 1, db = δ = 1, loss d² = 0.25. In units of u²:
 * <pre>
 * V(z)    = (in+1)·(|x||W| + |b|)² + z²                  = 2·1 + 1          = 3
 * V(loss) = (2d)²·V(z) + (3d²)² + r(1)·d⁴ + d⁴ + loss²   = 3 + 0.5625 + 0.0625 + 0.0625 + 0.0625 = 3.75
 * V(δ)    = (2/(N·D))²·V(z) + 4·δ²                        = 12 + 4           = 16
 * V(dW)   = (N+1)·(|δ||x|)² + x²·V(δ) + dW²               = 2 + 16 + 1       = 19
 * V(db)   = N·|δ|² + V(δ) + db²                           = 1 + 16 + 1       = 18
 * </pre>
 * (each rounding's underflow term, (2⁻¹²⁶/u)², is far below the last bit of these).
 */
class RoundingScalesTest {

    private static final String ONE_UNIT = """
            {"name": "one-unit", "dtype": "float32", "layers": [1, 1], "activation": "sigmoid", "loss": "mse",
             "l2": 0, "inputs": [[1]], "targets": [[0.5]], "params": {"W1": [[1]], "b1": [0]}}""";

    @Test
    void theScalesOfAOneUnitNetworkAreTheModelWorkedByHand() throws Exception {
        RoundingScales scales = RoundingScales.of(read(ONE_UNIT));

        assertArrayEquals(new double[] {Math.sqrt(3)}, scales.of("z1"));
        assertArrayEquals(new double[] {Math.sqrt(3.75)}, scales.of("loss"));
        assertArrayEquals(new double[] {Math.sqrt(19)}, scales.of("dW1"));
        assertArrayEquals(new double[] {Math.sqrt(18)}, scales.of("db1"));
        assertNull(scales.of("a1"), "no hidden layer, no a1");
        assertEquals(RoundingScales.ofLoss(read(ONE_UNIT)), Math.sqrt(3.75));
    }

    @Test
    void theAllowanceIsLambdaUnitRoundoffRootSidesTimesTheScale() throws Exception {
        RoundingBound bound = new RoundingBound(DType.FLOAT32, RoundingScales.of(read(ONE_UNIT)), 2);

        assertArrayEquals(new double[] {8 * 0x1p-24 * Math.sqrt(2) * Math.sqrt(19)}, bound.allowed("dW1"));
        assertArrayEquals(new double[] {8 * 0x1p-24 * Math.sqrt(19)}, bound.withSides(1).allowed("dW1"));
        assertNull(bound.allowed("dW1·u1"), "a quantity the scales do not model has no allowance");
    }

    /**
     * z1 = 1·1 + (-(1 + 2⁻²³))·1 = -2⁻²³, within rounding of ReLU's kink: a side that sums in another
     * order may get +2⁻²³ and a1 = 2⁻²³ where the other gets 0, so a1 must be allowed at least that.
     */
    @Test
    void aPreActivationWithinRoundingOfAKinkMovesItsActivationWithTheSteeperPiece() throws Exception {
        Fixture nearKink = read("""
                {"name": "near-kink", "dtype": "float32", "layers": [2, 1, 1], "activation": "relu", "loss": "mse",
                 "l2": 0, "inputs": [[1, -1.00000011920928955078125]], "targets": [[0]],
                 "params": {"W1": [[1, 1]], "b1": [0], "W2": [[1]], "b2": [0]}}""");
        RoundingBound bound = new RoundingBound(DType.FLOAT32, RoundingScales.of(nearKink), 2);

        assertEquals(-0x1p-23, nearKink.inputs().get(0) + nearKink.inputs().get(1));
        assertTrue(bound.allowed("a1")[0] >= 0x1p-23, "a1 allowed " + bound.allowed("a1")[0]);
    }

    /** z1 = 0·1 + 0·1 + 0 is exact: no rounding can put it across the kink, and relu'(0) = 0 is held to. */
    @Test
    void anExactZeroOnAKinkIsNotGivenTheJump() throws Exception {
        Fixture exactZero = read("""
                {"name": "exact-zero", "dtype": "float32", "layers": [2, 1, 1], "activation": "relu", "loss": "mse",
                 "l2": 0, "inputs": [[0, 0]], "targets": [[1]],
                 "params": {"W1": [[1, 1]], "b1": [0], "W2": [[1]], "b2": [0]}}""");
        RoundingBound bound = new RoundingBound(DType.FLOAT32, RoundingScales.of(exactZero), 2);

        assertTrue(bound.allowed("db1")[0] < 1e-30, "db1 allowed " + bound.allowed("db1")[0]);
    }

    @Test
    void aCarefulSumCountsItsPathNotItsLength() {
        assertEquals(1, RoundingScales.pairwise(1));
        assertEquals(8, RoundingScales.pairwise(8));
        assertEquals(9, RoundingScales.pairwise(9));
        assertEquals(15, RoundingScales.pairwise(100));
        assertEquals(30, RoundingScales.pairwise(2_913_290));
    }

    static Fixture read(String json) throws Exception {
        return new FixtureReader().read("one-unit.json", json.getBytes(StandardCharsets.UTF_8));
    }
}
