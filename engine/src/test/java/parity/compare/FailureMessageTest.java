package parity.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import parity.api.DType;
import parity.api.Fixture;
import parity.api.Tensor;
import parity.api.Tolerance;
import parity.fixtures.FixtureReader;
import parity.rounding.RoundingBound;
import parity.rounding.RoundingScales;

class FailureMessageTest {

    private static final Tolerance TOLERANCE = new Tolerance(1e-7, 1e-7);

    private static final String RULE = "allowed |a - b| <= atol + rtol * |b| with rtol 1.0E-7, atol 1.0E-7; "
            + "a = core (hand-written backprop on ND4J), b = reference (PyTorch autograd via DJL)";

    /** Without finite differences (a float32 fixture) no third oracle decides which side is wrong. */
    private static final String TWO_SIDES = "core and the reference disagree; finite differences run on float64 "
            + "fixtures only: no third oracle tells which is wrong";

    @Test
    void theMessageOpensWithTheSummaryAndSaysEachPairsToleranceOnce() {
        TensorDiff dW1 = TensorDiff.of("dW1", Tensor.matrix(new double[][] {{1, 2.5}, {0.001, 4}}),
                Tensor.matrix(new double[][] {{1, 2}, {0, 4}}), TOLERANCE);
        TensorDiff db2 = TensorDiff.of("db2", Tensor.vector(0.4, 0.2), Tensor.vector(0.2, 0.2), TOLERANCE);
        assertEquals("demo: FAIL\n"
                + "  verdict: " + TWO_SIDES + "\n"
                + "  broken rule: db_2 = Σ_rows δ_2 (the sum over samples, no L2 term) or δ_2 = ∂data/∂z_2 (the loss "
                + "derivative, with its 1/N); dW1 differs too, which db2's rule alone does not change\n"
                + "  first divergence: db2 (layer 2, backward); forward pass not compared\n"
                + "  failing tensors: core ↔ reference 2 of 3\n"
                + "core ↔ reference: " + RULE + "\n"
                + "  db2: 1 / 2 elements out of tolerance\n"
                + "    greatest absolute difference 0.2 at [0]: core 0.4, reference 0.2\n"
                + "    greatest relative difference 1.0 at [0]: core 0.4, reference 0.2\n"
                + "    smallest rtol that would pass at atol 1.0E-7: 0.9999995\n"
                + "  dW1: 2 / 4 elements out of tolerance\n"
                + "    greatest absolute difference 0.5 at [0][1]: core 2.5, reference 2.0\n"
                + "    greatest relative difference Infinity at [1][0]: core 0.001, reference 0.0\n"
                + "    smallest rtol that would pass at atol 1.0E-7: none",
                FailureMessage.of(Stub.comparison("demo", dW1, db2)));
    }

    @Test
    void theVerdictOfThreeOraclesAndEachFailingPairInTurn() {
        TensorDiff right = TensorDiff.of("db1", Tensor.vector(1), Tensor.vector(1), TOLERANCE);
        TensorDiff wrong = TensorDiff.of("db1", Tensor.vector(2), Tensor.vector(1), TOLERANCE);
        FixtureComparison comparison = FixtureComparison.of("demo", null,
                pair(Stub.CANDIDATE, Stub.REFERENCE, wrong), pair(Stub.CANDIDATE, NUMERIC, wrong),
                pair(Stub.REFERENCE, NUMERIC, right));
        assertEquals("demo: FAIL\n"
                + "  verdict: core is wrong: the reference and finite differences agree, core disagrees with both\n"
                + "  broken rule: db_1 = Σ_rows δ_1 (the sum over samples, no L2 term)\n"
                + "  first divergence: db1 (layer 1, backward); forward pass not compared\n"
                + "  failing tensors: core ↔ reference 1 of 2, core ↔ numeric 1 of 2, reference ↔ numeric 0 of 2\n"
                + "core ↔ reference: " + RULE + """

                  db1: 1 / 1 elements out of tolerance
                    greatest absolute difference 1.0 at [0]: core 2.0, reference 1.0
                    greatest relative difference 1.0 at [0]: core 2.0, reference 1.0
                    smallest rtol that would pass at atol 1.0E-7: 0.9999999
                core ↔ numeric: allowed |a - b| <= atol + rtol * |b| with rtol 1.0E-7, atol 1.0E-7; \
                a = core (hand-written backprop on ND4J), b = numeric (central finite differences in float64)
                  db1: 1 / 1 elements out of tolerance
                    greatest absolute difference 1.0 at [0]: core 2.0, numeric 1.0
                    greatest relative difference 1.0 at [0]: core 2.0, numeric 1.0
                    smallest rtol that would pass at atol 1.0E-7: 0.9999999""",
                FailureMessage.of(comparison));
    }

    /**
     * Oracles are known by their type: a network of the user's that happens to be called {@code numeric} is a
     * network the verdict can find wrong, not finite differences, which only disagree.
     */
    @Test
    void aNetworkCalledNumericIsNotTakenForFiniteDifferences() {
        parity.api.Implementation impostor = parity.api.Implementation.of("numeric", "a network of the user's", f -> {
            throw new UnsupportedOperationException();
        });
        TensorDiff right = TensorDiff.of("db1", Tensor.vector(1), Tensor.vector(1), TOLERANCE);
        TensorDiff wrong = TensorDiff.of("db1", Tensor.vector(2), Tensor.vector(1), TOLERANCE);
        FixtureComparison byType = FixtureComparison.of("demo", null, pair(Stub.CANDIDATE, Stub.REFERENCE, right),
                pair(Stub.CANDIDATE, NUMERIC, wrong), pair(Stub.REFERENCE, NUMERIC, wrong));
        FixtureComparison byName = FixtureComparison.of("demo", null, pair(Stub.CANDIDATE, Stub.REFERENCE, right),
                pair(Stub.CANDIDATE, impostor, wrong), pair(Stub.REFERENCE, impostor, wrong));

        assertEquals("finite differences disagree with core and the reference, which agree with each other",
                byType.verdict());
        assertEquals("the numeric is wrong: core and the reference agree, the numeric disagrees with both",
                byName.verdict());
    }

    @Test
    void aTestsMessageIsHeadedByItsNameAndGivesItsOwnTensorOnly() {
        TensorDiff loss = TensorDiff.of("loss", Tensor.scalar(3), Tensor.scalar(2), TOLERANCE);
        TensorDiff dW1 = TensorDiff.of("dW1", Tensor.vector(1), Tensor.vector(1), TOLERANCE);
        FixtureComparison comparison = Stub.comparison("demo", loss, dW1);
        PairComparison pair = comparison.primary();
        assertEquals("demo › core ↔ reference › loss: FAIL\n"
                + "  verdict: " + TWO_SIDES + "\n"
                + "  broken rule: data(z_1, t) (the loss value of the output against the targets) or "
                + "0.5·λ·Σ_l ‖W_l‖² (the L2 term of the loss)\n"
                + "  first divergence: loss; forward pass not compared\n"
                + "  failing tensors: core ↔ reference 1 of 2\n"
                + "core ↔ reference: " + RULE + "\n"
                + "  loss: 1 / 1 elements out of tolerance\n"
                + "    greatest absolute difference 1.0: core 3.0, reference 2.0\n"
                + "    greatest relative difference 0.5: core 3.0, reference 2.0\n"
                + "    smallest rtol that would pass at atol 1.0E-7: 0.49999995",
                FailureMessage.test(comparison, "demo › core ↔ reference › loss", pair, List.of(loss)));
        assertNull(FailureMessage.test(comparison, "demo › core ↔ reference › dW1", pair, List.of(dW1)));
    }

    @Test
    void shapeMismatch() {
        TensorDiff diff = TensorDiff.of("dW2", new Tensor(new int[] {3, 2}, new double[6]),
                new Tensor(new int[] {2, 3}, new double[6]), TOLERANCE);
        FixtureComparison comparison = Stub.comparison("demo", diff);
        assertEquals("core ↔ reference: " + RULE + "\n  dW2: shape 3×2 from core, 2×3 from reference",
                FailureMessage.details(comparison));
    }

    @Test
    void trainingGivesItsFirstFailingStepAndThatStepsTolerance() {
        StepDiff agree = new StepDiff(0, List.of(TensorDiff.of("loss", Tensor.scalar(1), Tensor.scalar(1), TOLERANCE)));
        Tolerance atStep1 = TrajectoryComparison.toleranceAtStep(TOLERANCE, 1);
        StepDiff part = new StepDiff(1, List.of(TensorDiff.of("loss", Tensor.scalar(1), Tensor.scalar(1), atStep1),
                TensorDiff.of("W1", Tensor.vector(1.5), Tensor.vector(1), atStep1)));
        TensorDiff db1 = TensorDiff.of("db1", Tensor.vector(1), Tensor.vector(1), TOLERANCE);
        FixtureComparison comparison = new FixtureComparison("demo", null, null, null,
                List.of(Stub.comparison("demo", db1).primary()), List.of(),
                new TrajectoryComparison(Stub.CANDIDATE, Stub.REFERENCE, TOLERANCE, List.of(agree, part), null));
        assertEquals("""
                demo: FAIL
                  verdict: core and the reference part in training, where finite differences do not run: \
                no third oracle tells which is wrong
                  broken rule: θ ← θ - lr·dθ (the optimiser's update); the gradients at step 0's parameters agree
                  first divergence: training step 1 of 1: W1
                  failing tensors: core ↔ reference 0 of 2; training: 1 of 2 steps
                training core ↔ reference, step 1 of 1: allowed |a - b| <= atol + rtol * |b| with rtol 2.0E-7, \
                atol 2.0E-7; a = core (hand-written backprop on ND4J), b = reference (PyTorch autograd via DJL) \
                (the fixture's tolerance × (1 + 1))
                  W1: 1 / 1 elements out of tolerance
                    greatest absolute difference 0.5 at [0]: core 1.5, reference 1.0
                    greatest relative difference 0.5 at [0]: core 1.5, reference 1.0
                    smallest rtol that would pass at atol 2.0E-7: 0.4999998""", FailureMessage.of(comparison));
    }

    /**
     * Under a float32 rounding bound the rule is the bound's, and each failing tensor ends with its element
     * farthest beyond its own allowance: here the one-unit network of {@code RoundingScalesTest}, whose dW1
     * has rounding scale √19, so that it may differ by 8·2⁻²⁴·√2·√19 between two float32 sides.
     */
    @Test
    void aBoundedPairStatesTheBoundAndTheWorstElementsOwnAllowance() throws Exception {
        Fixture fixture = new FixtureReader().read("one-unit.json", ("{\"name\": \"one-unit\", \"dtype\": \"float32\", "
                + "\"layers\": [1, 1], \"activation\": \"sigmoid\", \"loss\": \"mse\", \"l2\": 0, \"inputs\": [[1]], "
                + "\"targets\": [[0.5]], \"params\": {\"W1\": [[1]], \"b1\": [0]}}").getBytes(StandardCharsets.UTF_8));
        RoundingBound bound = new RoundingBound(DType.FLOAT32, RoundingScales.of(fixture), 2);
        double allowed = 8 * 0x1p-24 * Math.sqrt(2) * Math.sqrt(19);
        BitSet all = new BitSet();
        all.set(0);
        Tolerance float32 = DType.FLOAT32.defaultTolerance();
        TensorDiff loss = TensorDiff.of("loss", Tensor.scalar(0.25), Tensor.scalar(0.25), float32, all,
                bound.allowed("loss"));
        TensorDiff dW1 = TensorDiff.of("dW1", Tensor.matrix(new double[][] {{1.0009765625}}),
                Tensor.matrix(new double[][] {{1}}), float32, all, bound.allowed("dW1"));
        PairComparison pair = new PairComparison(Stub.CANDIDATE, Stub.REFERENCE, float32, List.of(loss, dW1),
                List.of(), bound);

        assertEquals("""
                one-unit: FAIL
                  verdict: core and the reference disagree; finite differences run on float64 fixtures only: no third \
                oracle tells which is wrong
                  broken rule: dW_1 = δ_1ᵀ·a_0 + λ·W_1 (the product or the L2 term)
                  first divergence: dW1 (layer 1, backward); forward pass not compared
                  failing tensors: core ↔ reference 1 of 2
                core ↔ reference: allowed |a - b| <= λ·u·√s·S per element (float32 rounding bound: λ 8, u 2^-24, s 2, \
                S the element's rounding scale); a = core (hand-written backprop on ND4J), b = reference (PyTorch \
                autograd via DJL)
                  dW1: 1 / 1 elements out of tolerance
                    greatest absolute difference 9.765625E-4 at [0][0]: core 1.0009765625, reference 1.0
                    greatest relative difference 9.765625E-4 at [0][0]: core 1.0009765625, reference 1.0
                    farthest beyond its allowance\s""" + (9.765625E-4 / allowed) + "× at [0][0]: |a - b| 9.765625E-4, "
                + "allowed here " + allowed, FailureMessage.of(FixtureComparison.of("one-unit", fixture, pair)));
    }

    @Test
    void aPassingFixtureHasNoMessage() {
        TensorDiff pass = TensorDiff.of("loss", Tensor.scalar(1), Tensor.scalar(1), TOLERANCE);
        assertNull(FailureMessage.of(Stub.comparison("demo", pass)));
        assertNull(FailureMessage.summary(Stub.comparison("demo", pass)));
    }

    @Test
    void errorIsItsOwnMessage() {
        FixtureComparison error = FixtureComparison.error("bad.json", null, "bad.json: params.W2: expected 5×4, got 4×5");
        assertEquals(Status.ERROR, error.status());
        assertEquals("bad.json: params.W2: expected 5×4, got 4×5", FailureMessage.of(error));
    }

    private static final parity.api.Implementation NUMERIC = Implementations.NUMERIC;

    private static PairComparison pair(parity.api.Implementation a, parity.api.Implementation b,
            TensorDiff db1) {
        return new PairComparison(a, b, TOLERANCE,
                List.of(TensorDiff.of("loss", Tensor.scalar(1), Tensor.scalar(1), TOLERANCE), db1));
    }
}
