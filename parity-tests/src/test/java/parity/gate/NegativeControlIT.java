package parity.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import parity.api.Fixture;
import parity.api.Implementation;
import parity.api.LossAndGradients;
import parity.api.Tensor;
import parity.compare.Diagnosis;
import parity.compare.FailureMessage;
import parity.compare.FixtureComparison;
import parity.compare.Implementations;
import parity.compare.ParityCheck;
import parity.compare.Status;
import parity.compare.TensorDiff;
import parity.fixtures.BundledSuite;
import parity.fixtures.InvalidFixtureException;
import parity.support.Core;

/**
 * The gate can fail: a candidate with the classic bug of a gradient without the 1/N of the mean is
 * run through the same comparison as core and must be reported FAIL, with the expected message.
 */
class NegativeControlIT {

    /** Core's gradients with the data term multiplied by N: dθ = N·(dθ - λ·θ) + λ·θ for weights, N·dθ for biases. */
    static final Implementation WITHOUT_ONE_OVER_N = Implementation.of("core-without-1/N",
            "core with the 1/N of the mean forgotten in backprop", NegativeControlIT::withoutOneOverN);

    private static LossAndGradients withoutOneOverN(Fixture fixture) {
        LossAndGradients right = Core.IMPLEMENTATION.lossAndGradients(fixture);
        Map<String, Tensor> wrong = new LinkedHashMap<>();
        for (String name : fixture.parameterNames()) {
            double[] gradient = right.gradients().get(Fixture.gradientName(name)).data();
            double[] param = fixture.params().get(name).data();
            double l2 = name.startsWith("W") ? fixture.l2() : 0;
            for (int i = 0; i < gradient.length; i++) {
                gradient[i] = fixture.samples() * (gradient[i] - l2 * param[i]) + l2 * param[i];
            }
            wrong.put(Fixture.gradientName(name), new Tensor(fixture.params().get(name).shape(), gradient));
        }
        return right.withGradients(wrong);
    }

    private final ParityCheck check = new ParityCheck(WITHOUT_ONE_OVER_N, Implementations.REFERENCE);

    @Test
    void seedNetworkCatchesItOnlyInTheOutputLayer() throws InvalidFixtureException {
        FixtureComparison comparison = check.check("bundled:seed-blog.json", BundledSuite.load("seed-blog.json"));

        assertEquals(Status.FAIL, comparison.status());
        // The degenerate seed network has no data gradient in the hidden layer: the bug hides there.
        assertEquals(List.of("loss PASS", "dW1 PASS", "db1 PASS", "dW2 FAIL", "db2 FAIL"), verdicts(comparison));
        TensorDiff db2 = comparison.primary().tensors().get(4);
        String test = "seed-blog › core-without-1/N ↔ reference › db2";
        // The hidden layer agrees here, so the summary cannot tell δ_2 from dW_2's and db_2's own rules.
        assertEquals("""
                seed-blog › core-without-1/N ↔ reference › db2: FAIL
                  verdict: core-without-1/N is wrong: the reference, finite differences and the recorded PyTorch \
                values agree, core-without-1/N disagrees with all three
                  broken rule: δ_2 = ∂data/∂z_2 (the loss derivative, with its 1/N) or dW_2 = δ_2ᵀ·a_1 + λ·W_2 \
                (the product or the L2 term) or db_2 = Σ_rows δ_2 (the sum over samples, no L2 term); layer 1 agrees: \
                δ_2's error may vanish there, or dW2 and db2 are both wrong
                  first divergence: dW2 (layer 2, backward); forward pass agrees
                  failing tensors: core-without-1/N ↔ reference 2 of 9, core-without-1/N ↔ numeric 6 of 13, \
                reference ↔ numeric 0 of 13, core-without-1/N ↔ recorded 2 of 5, reference ↔ recorded 0 of 5
                core-without-1/N ↔ reference: allowed |a - b| <= atol + rtol * |b| with rtol 1.0E-7, atol 1.0E-7; \
                a = core-without-1/N (core with the 1/N of the mean forgotten in backprop), \
                b = reference (PyTorch autograd via DJL)
                  db2: 5 / 5 elements out of tolerance
                    greatest absolute difference 0.30000000000000004 at [3]: core-without-1/N -0.6000000000000001, \
                reference -0.30000000000000004
                    greatest relative difference 1.0 at [0]: core-without-1/N 0.4, reference 0.2
                    smallest rtol that would pass at atol 1.0E-7: 0.9999996666666666""",
                FailureMessage.test(comparison, test, comparison.primary(), List.of(db2)));
    }

    @Test
    void nonDegenerateFixtureCatchesItInEveryGradient() throws InvalidFixtureException {
        FixtureComparison comparison =
                check.check("bundled:sigmoid-4-5-3-n7.json", BundledSuite.load("sigmoid-4-5-3-n7.json"));

        assertEquals(Status.FAIL, comparison.status());
        assertEquals(List.of("loss PASS", "dW1 FAIL", "db1 FAIL", "dW2 FAIL", "db2 FAIL"), verdicts(comparison));
        TensorDiff db2 = comparison.primary().tensors().get(4);
        assertEquals(3, db2.mismatched());
        // Here the wrong δ_2 reaches layer 1 too: the output layer's delta alone is named.
        assertEquals("δ_2 = ∂data/∂z_2 (the loss derivative, with its 1/N)", Diagnosis.of(comparison).text());
        // N = 7: every wrong data gradient is 7 times the right one, so rtol would have to reach 6.
        assertEquals(6.0, db2.worstRelMismatch().rel(), 1e-9);
    }

    @Test
    void theRightCoreStillPasses() throws InvalidFixtureException {
        FixtureComparison comparison = ParityCheck.of(Core.IMPLEMENTATION)
                .check("bundled:sigmoid-4-5-3-n7.json", BundledSuite.load("sigmoid-4-5-3-n7.json"));
        assertEquals(Status.PASS, comparison.status());
    }

    private static List<String> verdicts(FixtureComparison comparison) {
        return comparison.primary().tensors().stream().map(t -> t.tensor() + (t.passed() ? " PASS" : " FAIL")).toList();
    }
}
