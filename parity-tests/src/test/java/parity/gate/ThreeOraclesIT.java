package parity.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import parity.api.Fixture;
import parity.api.Implementation;
import parity.api.LossAndGradients;
import parity.api.Tensor;
import parity.api.Trainable;
import parity.api.Training;
import parity.api.Trajectory;
import parity.compare.Diagnosis;
import parity.compare.FailureMessage;
import parity.compare.FixtureComparison;
import parity.compare.Implementations;
import parity.compare.ParityCheck;
import parity.core.network.HandwrittenNetwork;
import parity.core.network.TrainingRun;
import parity.core.optim.Adam;
import parity.fixtures.BundledSuite;
import parity.fixtures.InvalidFixtureException;
import parity.numeric.CentralDifferences;
import parity.numeric.NumericGradients;
import parity.support.Core;

/**
 * A deliberately broken gradient in any one of the three oracles fails the gate, and the report names
 * the odd one out: the two that agree outvote the one that does not.
 */
class ThreeOraclesIT {

    private static final String FIXTURE = "sigmoid-4-5-3-n7.json";

    /** Every element of dW1 multiplied by 1.01: a 1% error, far beyond every tolerance here. */
    private static LossAndGradients scaledDW1(LossAndGradients right) {
        Map<String, Tensor> gradients = new LinkedHashMap<>(right.gradients());
        Tensor dW1 = gradients.get("dW1");
        double[] values = dW1.data();
        for (int i = 0; i < values.length; i++) {
            values[i] *= 1.01;
        }
        gradients.put("dW1", new Tensor(dW1.shape(), values));
        return right.withGradients(gradients);
    }

    private static Implementation broken(Implementation right) {
        return Implementation.of(right.name(), right.description() + ", dW1 off by 1%",
                fixture -> scaledDW1(right.lossAndGradients(fixture)));
    }

    /** The fixture without its recorded PyTorch values: the three oracles alone (RecordedValuesIT adds the fourth). */
    private static FixtureComparison check(ParityCheck check) throws InvalidFixtureException {
        return check.check("bundled:" + FIXTURE, BundledSuite.load(FIXTURE).withExpected(null));
    }

    @Test
    void allThreeAgreeOnTheRealCode() throws InvalidFixtureException {
        FixtureComparison comparison = check(ParityCheck.of(Core.IMPLEMENTATION));
        assertEquals(List.of("core ↔ reference PASS", "core ↔ numeric PASS", "reference ↔ numeric PASS"),
                verdicts(comparison));
        assertEquals("core, reference and finite differences agree", comparison.verdict());
    }

    @Test
    void brokenCoreIsTheOddOneOut() throws InvalidFixtureException {
        FixtureComparison comparison = check(new ParityCheck(broken(Core.IMPLEMENTATION), Implementations.REFERENCE));
        assertEquals(List.of("core ↔ reference FAIL", "core ↔ numeric FAIL", "reference ↔ numeric PASS"),
                verdicts(comparison));
        List<String> summary = FailureMessage.of(comparison).lines().limit(3).toList();
        assertEquals(List.of("sigmoid-4-5-3-n7: FAIL",
                "  verdict: core is wrong: the reference and finite differences agree, core disagrees with both",
                "  broken rule: dW_1 = δ_1ᵀ·a_0 + λ·W_1 (the product or the L2 term)"), summary);
    }

    @Test
    void brokenReferenceIsTheOddOneOut() throws InvalidFixtureException {
        FixtureComparison comparison = check(new ParityCheck(Core.IMPLEMENTATION, broken(Implementations.REFERENCE)));
        assertEquals(List.of("core ↔ reference FAIL", "core ↔ numeric PASS", "reference ↔ numeric FAIL"),
                verdicts(comparison));
        assertEquals("the reference is wrong: core and finite differences agree, the reference disagrees with both",
                comparison.verdict());
        // The rule is where the two part; the verdict says whose it is.
        assertEquals("dW_1 = δ_1ᵀ·a_0 + λ·W_1 (the product or the L2 term)", Diagnosis.of(comparison).text());
    }

    @Test
    void brokenFiniteDifferencesAreTheOddOneOut() throws InvalidFixtureException {
        ParityCheck check = new ParityCheck(Core.IMPLEMENTATION, Implementations.REFERENCE, fixture -> {
            NumericGradients right = new CentralDifferences(fixture).gradients();
            return new NumericGradients(scaledDW1(right.values()), right.checked(), right.skipped());
        });
        FixtureComparison comparison = check(check);
        assertEquals(List.of("core ↔ reference PASS", "core ↔ numeric FAIL", "reference ↔ numeric FAIL"),
                verdicts(comparison));
        assertEquals("finite differences disagree with core and the reference, which agree with each other",
                comparison.verdict());
        assertEquals(List.of("sigmoid-4-5-3-n7: FAIL",
                "  verdict: finite differences disagree with core and the reference, which agree with each other",
                "  broken rule: none named: core and the reference agree",
                "  first divergence: core ↔ numeric: dW1 (layer 1, backward); forward pass not compared",
                "  failing tensors: core ↔ reference 0 of 9, core ↔ numeric 1 of 5, reference ↔ numeric 1 of 5",
                "core ↔ numeric: allowed |a - b| <= atol + rtol * |b| with rtol 1.0E-5, atol 1.0E-7; a = core "
                        + "(hand-written backprop on ND4J), b = numeric (central finite differences in float64)",
                "  dW1: 20 / 20 elements out of tolerance"),
                FailureMessage.of(comparison).lines().limit(7).toList());
    }

    @Test
    void aWrongUpdateLeavesTheTrajectoryAtStepOne() throws InvalidFixtureException {
        Fixture fixture = BundledSuite.load("deep-tanh-sgd.json");
        Training training = fixture.training();
        // The learning rate 0.1% too large: the step's gradient is right, the update is not.
        Trainable wrongStep = Trainable.of("core", "core with lr·1.001", Core.IMPLEMENTATION::lossAndGradients,
                f -> TrainingRun.run(f.withTraining(new Training(parity.api.Optimizer.Sgd.PLAIN, training.learningRate() * 1.001, training.steps()))));
        FixtureComparison comparison = new ParityCheck(wrongStep, Implementations.REFERENCE)
                .check("bundled:deep-tanh-sgd.json", fixture);

        assertEquals(1, comparison.training().firstFailingStep());
        assertEquals(true, comparison.training().steps().get(0).passed());
        List<String> summary = FailureMessage.of(comparison).lines().limit(4).toList();
        assertEquals("  broken rule: θ ← θ - lr·dθ (the optimiser's update); the gradients at step 0's parameters agree",
                summary.get(2));
        assertEquals("  first divergence: training step 1 of 60: loss, W1, b1, W2, b2, W3, b3, W4, b4", summary.get(3));
    }

    /**
     * An update that goes wrong only at step 3: the runs part there, both sides are run again at step 2's
     * parameters, where they still agree, and agree on the gradients too, so the update is named.
     */
    @Test
    void anUpdateThatGoesWrongLaterIsNamedOnceTheGradientsBeforeItAgree() throws InvalidFixtureException {
        Fixture fixture = BundledSuite.load("deep-tanh-sgd.json");
        Trainable lateWrong = Trainable.of("core", "core whose update is off from step 3 on",
                Core.IMPLEMENTATION::lossAndGradients, f -> offFrom(TrainingRun.run(f), 3));
        FixtureComparison comparison = new ParityCheck(lateWrong, Implementations.REFERENCE)
                .check("bundled:deep-tanh-sgd.json", fixture);

        assertEquals(3, comparison.training().firstFailingStep());
        assertEquals(2, comparison.training().recheckStep());
        assertEquals(true, comparison.training().recheck().passed());
        assertEquals("θ ← θ - lr·dθ (the optimiser's update); the gradients at step 2's parameters agree",
                Diagnosis.of(comparison).text());
        // Its first step is right, so finite differences agree with both sides: the recorded run names core.
        assertEquals(List.of(true, true), comparison.firstStepPairs().stream().map(p -> p.passed()).toList());
        assertEquals("in training, core is wrong: the reference and the recorded PyTorch values agree, core disagrees "
                + "with both", comparison.verdict());
        FixtureComparison unrecorded = new ParityCheck(lateWrong, Implementations.REFERENCE)
                .check("bundled:deep-tanh-sgd.json", fixture.withExpected(null));
        assertEquals("core and the reference part in training at step 3, where finite differences cannot follow: "
                + "both agree with them on the gradients and the first step", unrecorded.verdict());
    }

    /**
     * The third oracle on the update: core's Adam without bias correction takes a first step 3.2 times too
     * long; finite differences' first step agrees with the reference's, and so does the recorded run, so core
     * is the odd one out, and the summary names the update, rechecked on step 0's batch.
     */
    @Test
    void aWrongFirstStepIsOutvotedByFiniteDifferences() throws InvalidFixtureException {
        Fixture fixture = BundledSuite.load("adam-minibatch.json");
        Trainable noBiasCorrection = Trainable.of("core", "core's Adam without bias correction",
                Core.IMPLEMENTATION::lossAndGradients, f -> new TrainingRun(f, HandwrittenNetwork::new,
                        new Adam(f.training().learningRate(), (parity.api.Optimizer.Adam) f.training().optimizer()) {
                            @Override
                            protected double stepSize() {
                                return learningRate;
                            }

                            @Override
                            protected INDArray denominator(INDArray v) {
                                return Transforms.sqrt(v, true).addi(eps);
                            }
                        }).run());
        FixtureComparison comparison = new ParityCheck(noBiasCorrection, Implementations.REFERENCE)
                .check("bundled:adam-minibatch.json", fixture);

        assertEquals(List.of("core ↔ reference PASS", "core ↔ numeric PASS", "reference ↔ numeric PASS",
                "core ↔ recorded PASS", "reference ↔ recorded PASS",
                "core ↔ numeric first step FAIL", "reference ↔ numeric first step PASS"), verdicts(comparison));
        assertEquals("core is wrong: the reference, finite differences and the recorded PyTorch values agree, core "
                + "disagrees with all three", comparison.verdict());
        // Without the recorded run, finite differences' first step alone still outvotes core.
        FixtureComparison threeOracles = new ParityCheck(noBiasCorrection, Implementations.REFERENCE)
                .check("bundled:adam-minibatch.json", fixture.withExpected(null));
        assertEquals("core is wrong: the reference and finite differences agree, core disagrees with both",
                threeOracles.verdict());
        assertEquals("θ ← update(θ, dθ on batch B_k, state) (the optimiser's update: its rule and state, or the rows "
                + "of step k's batch); the gradients at step 0's parameters agree", Diagnosis.of(comparison).text());
    }

    /** Both sides right: their first steps agree with finite differences' on every element compared. */
    @Test
    void theRightFirstStepsAgreeWithFiniteDifferences() throws InvalidFixtureException {
        FixtureComparison comparison = ParityCheck.of(Core.IMPLEMENTATION)
                .check("bundled:adamw-amsgrad-minibatch.json", BundledSuite.load("adamw-amsgrad-minibatch.json"));
        assertEquals(List.of("core ↔ numeric first step PASS", "reference ↔ numeric first step PASS"),
                comparison.firstStepPairs().stream().map(p -> p.label() + (p.passed() ? " PASS" : " FAIL")).toList());
        assertEquals("core, reference, finite differences and the recorded PyTorch values agree", comparison.verdict());
    }

    /** The same run with W1 off by 0.1% after every step from {@code step} on. */
    private static Trajectory offFrom(Trajectory right, int step) {
        List<Map<String, Tensor>> params = new ArrayList<>();
        for (int k = 0; k < right.params().size(); k++) {
            Map<String, Tensor> at = new LinkedHashMap<>(right.params().get(k));
            if (k >= step) {
                Tensor w1 = at.get("W1");
                double[] values = w1.data();
                for (int i = 0; i < values.length; i++) {
                    values[i] *= 1.001;
                }
                at.put("W1", new Tensor(w1.shape(), values));
            }
            params.add(at);
        }
        return new Trajectory(right.losses(), params);
    }

    private static List<String> verdicts(FixtureComparison comparison) {
        return comparison.pairs().stream().map(p -> p.label() + (p.passed() ? " PASS" : " FAIL")).toList();
    }

}
