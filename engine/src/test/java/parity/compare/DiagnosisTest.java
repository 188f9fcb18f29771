package parity.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import parity.api.Tensor;
import parity.api.Tolerance;

/**
 * The rule a failure names, for each way the compared quantities can agree and differ: docs/network.md's
 * table (Diagnosis), on comparisons built by hand, one agreeing value 1 and differing value 2 apiece.
 */
class DiagnosisTest {

    private static final Tolerance TOLERANCE = new Tolerance(1e-7, 1e-7);

    @Test
    void rulesReadAsTheReadmeWritesThem() {
        assertEquals("δ_l = (δ_{l+1}·W_{l+1}) ⊙ f'(z_l)", NetworkRule.HIDDEN_DELTA.formula());
        assertEquals("δ_3 = (δ_4·W_4) ⊙ f'(z_3) (the product with W_4 or the activation derivative)",
                NetworkRule.HIDDEN_DELTA.at(3));
        assertEquals("dW_l = δ_lᵀ·a_{l-1} + λ·W_l", NetworkRule.WEIGHT_GRADIENT.formula());
        assertEquals("dW_1 = δ_1ᵀ·a_0 + λ·W_1 (the product or the L2 term)", NetworkRule.WEIGHT_GRADIENT.at(1));
        assertEquals("0.5·λ·Σ_l ‖W_l‖² (the L2 term of the loss)", NetworkRule.L2_PENALTY.at(2));
    }

    @Test
    void aPreActivationThatDiffersNamesItsLinearMap() {
        assertEquals("z_2 = a_1·W_2ᵀ + b_2 (the linear map of layer 2)",
                text(pair(3, true, "z2", "a2", "z3", "softmax", "loss", "dW3", "db3", "dW2", "db2", "dW1", "db1")));
    }

    @Test
    void anActivationThatDiffersAfterItsPreActivationAgreesNamesTheActivation() {
        assertEquals("a_1 = f(z_1) (the activation of layer 1)", text(pair(2, true, "a1", "z2", "softmax", "loss")));
    }

    @Test
    void aSoftmaxThatDiffersAloneNamesTheSoftmax() {
        assertEquals("softmax(z_3) = e^(z_3 - m) / Σ e^(z_3 - m) (the output's softmax, m each row's maximum)",
                text(pair(3, true, "softmax", "loss", "dW3", "db3")));
    }

    @Test
    void anIntermediateOnlyOneSideReturnsNamesNoRule() {
        List<TensorDiff> forward = new ArrayList<>(pair(2, true).forward());
        forward.set(1, TensorDiff.of("a1", new Tensor(new int[] {0}, new double[0]), Tensor.scalar(1), TOLERANCE));
        PairComparison pair = new PairComparison(Stub.CANDIDATE, Stub.REFERENCE, TOLERANCE, pair(2, true).tensors(), forward);
        assertEquals("none named: a1 is returned by one side only", text(pair));
        assertEquals(List.of(), Diagnosis.of(pair, null).rules());
    }

    @Test
    void aLossThatDiffersAfterTheForwardPassAgreesNamesTheLossValueOrTheL2Term() {
        assertEquals("data(z_2, t) (the loss value of the output against the targets) or "
                + "0.5·λ·Σ_l ‖W_l‖² (the L2 term of the loss)", text(pair(2, true, "loss", "db1", "db2")));
    }

    @Test
    void withoutAForwardPassALossAndGradientsThatDifferNameTheForwardRulesToo() {
        assertEquals(Set.of(NetworkRule.LINEAR, NetworkRule.ACTIVATION, NetworkRule.SOFTMAX, NetworkRule.DATA_LOSS,
                NetworkRule.L2_PENALTY), rules(pair(2, false, "loss", "dW2", "db2")));
        assertEquals("data(z_2, t) (the loss value of the output against the targets) or "
                + "0.5·λ·Σ_l ‖W_l‖² (the L2 term of the loss)", text(pair(2, false, "loss")));
    }

    @Test
    void aWeightGradientAloneNamesItsRule() {
        assertEquals("dW_3 = δ_3ᵀ·a_2 + λ·W_3 (the product or the L2 term)", text(pair(3, true, "dW3", "dW2", "dW1")));
    }

    @Test
    void aBiasGradientAloneNamesItsRule() {
        assertEquals("db_2 = Σ_rows δ_2 (the sum over samples, no L2 term)", text(pair(3, true, "db2", "db1")));
    }

    @Test
    void bothGradientsOfTheOutputLayerNameTheLossDerivative() {
        assertEquals("δ_3 = ∂data/∂z_3 (the loss derivative, with its 1/N)",
                text(pair(3, true, "dW3", "db3", "dW2", "db2", "dW1", "db1")));
    }

    @Test
    void bothGradientsOfAHiddenLayerUnderOneThatAgreesNameItsDelta() {
        assertEquals("δ_2 = (δ_3·W_3) ⊙ f'(z_2) (the product with W_3 or the activation derivative)",
                text(pair(3, true, "dW2", "db2", "dW1", "db1")));
        assertEquals("δ_1 = (δ_2·W_2) ⊙ f'(z_1) (the product with W_2 or the activation derivative)",
                text(pair(3, true, "dW1", "db1")));
    }

    /** A wrong δ_2 would normally reach layer 1; when it does not, dW_2's and db_2's own rules remain possible. */
    @Test
    void aDeltaWhoseErrorStopsAtTheLayerBelowNamesTheGradientRulesBesideIt() {
        assertEquals("δ_2 = (δ_3·W_3) ⊙ f'(z_2) (the product with W_3 or the activation derivative) or "
                + "dW_2 = δ_2ᵀ·a_1 + λ·W_2 (the product or the L2 term) or db_2 = Σ_rows δ_2 (the sum over samples, "
                + "no L2 term); layer 1 agrees: δ_2's error may vanish there, or dW2 and db2 are both wrong",
                text(pair(3, true, "dW2", "db2")));
    }

    /** dW_3's rule cannot change db_1: a δ_3 wrong in a way db_3 does not show can. */
    @Test
    void aGradientRuleThatCannotExplainALowerLayerNamesTheDeltaBesideIt() {
        assertEquals("dW_3 = δ_3ᵀ·a_2 + λ·W_3 (the product or the L2 term) or δ_3 = ∂data/∂z_3 (the loss derivative, "
                + "with its 1/N); db1 differs too, which dW3's rule alone does not change", text(pair(3, true, "dW3", "db1")));
        assertEquals(Set.of(NetworkRule.BIAS_GRADIENT, NetworkRule.HIDDEN_DELTA), rules(pair(3, true, "db2", "dW1")));
    }

    /**
     * A db_1 that agrees only within atol, around 0, cannot vouch for δ_1: a small error of δ_1 hides
     * there and the inputs magnify it in dW_1 (the sigmoid derivative from z on seed-blog-float32).
     */
    @Test
    void aGradientThatAgreesOnlyWithinAtolDoesNotVouchForTheDelta() {
        PairComparison strong = pair(2, true, "dW1");
        List<TensorDiff> tensors = new ArrayList<>(strong.tensors());
        tensors.set(2, TensorDiff.of("db1", Tensor.vector(5e-8, 0), Tensor.vector(0, 0), TOLERANCE));
        PairComparison weak = new PairComparison(Stub.CANDIDATE, Stub.REFERENCE, TOLERANCE, tensors, strong.forward());
        assertEquals("dW_1 = δ_1ᵀ·a_0 + λ·W_1 (the product or the L2 term)", text(strong));
        assertEquals("dW_1 = δ_1ᵀ·a_0 + λ·W_1 (the product or the L2 term) or δ_1 = (δ_2·W_2) ⊙ f'(z_1) (the product "
                + "with W_2 or the activation derivative); db1 agrees only within atol, near 0, so it cannot vouch "
                + "for δ_1", text(weak));
    }

    @Test
    void aPairThatAgreesHasNoDiagnosis() {
        assertNull(Diagnosis.of(pair(2, true), null));
    }

    @Test
    void whenCoreAndTheReferenceAgreeNoRuleIsNamed() {
        FixtureComparison comparison = FixtureComparison.of("demo", null, pair(2, true),
                pair(2, false, "dW1"), pair(2, false, "dW1"));
        assertEquals(Status.FAIL, comparison.status());
        assertEquals("none named: core and the reference agree", Diagnosis.of(comparison).text());
    }

    @Test
    void anErrorNamesNoRule() {
        assertNull(Diagnosis.of(FixtureComparison.error("x.json", null, "x.json: core failed: shapes")));
    }

    @Test
    void parametersThatDifferAfterTheFirstStepWithGradientsAgreeingNameTheUpdate() {
        assertEquals("θ ← θ - lr·dθ (the optimiser's update); the gradients at step 0's parameters agree",
                text(training(null, step(0), step(1, "W1", "loss"))));
    }

    @Test
    void laterTheGradientsAtTheLastAgreeingParametersDecide() {
        assertEquals("θ ← θ - lr·dθ (the optimiser's update); the gradients at step 2's parameters agree",
                text(training(pair(2, true), step(0), step(1), step(2), step(3, "b2"))));
        assertEquals("softmax(z_2) = e^(z_2 - m) / Σ e^(z_2 - m) (the output's softmax, m each row's maximum); "
                + "at step 2's parameters", text(training(pair(2, true, "softmax", "loss", "dW2", "db2"),
                step(0), step(1), step(2), step(3, "W1", "W2"))));
    }

    @Test
    void aLossThatDiffersAloneInTrainingIsJudgedAtItsOwnStep() {
        assertEquals("softmax(z_2) = e^(z_2 - m) / Σ e^(z_2 - m) (the output's softmax, m each row's maximum); "
                + "at step 2's parameters", text(training(pair(2, true, "softmax", "loss"), step(0), step(1),
                step(2, "loss"))));
        assertEquals("data(z_L, t) (the loss value of the output against the targets) or 0.5·λ·Σ_l ‖W_l‖² "
                + "(the L2 term of the loss); as training computes the loss: at step 2's parameters the loss agrees "
                + "outside training", text(training(pair(2, true), step(0), step(1), step(2, "loss"))));
    }

    @Test
    void anotherNumberOfStepsNamesTheStepCount() {
        assertEquals("k = 1 … steps (the number of training steps)", text(training(null, step(0), step(1, "steps"))));
    }

    @Test
    void parametersThatDifferBeforeAnyStepNameNoRule() {
        assertEquals("none named: the parameters differ before the first step: a side does not start from the "
                + "fixture's parameters", text(training(null, step(0, "W1"))));
    }

    /**
     * core ↔ reference on a network of {@code depth} layers: the loss, dW1, db1, …, and when {@code forward}
     * the intermediates z1, a1, …, zL, softmax; the tensors named in {@code differ} are out of tolerance.
     */
    static PairComparison pair(int depth, boolean forward, String... differ) {
        Set<String> wrong = Set.of(differ);
        List<TensorDiff> tensors = new ArrayList<>();
        tensors.add(diff("loss", wrong));
        for (int l = 1; l <= depth; l++) {
            tensors.add(diff("dW" + l, wrong));
            tensors.add(diff("db" + l, wrong));
        }
        List<TensorDiff> intermediates = new ArrayList<>();
        if (forward) {
            for (int l = 1; l <= depth; l++) {
                intermediates.add(diff("z" + l, wrong));
                if (l < depth) {
                    intermediates.add(diff("a" + l, wrong));
                }
            }
            intermediates.add(diff("softmax", wrong));
        }
        return new PairComparison(Stub.CANDIDATE, Stub.REFERENCE, TOLERANCE, tensors, intermediates);
    }

    /** Step k of a two-layer training run: the loss, W1, b1, W2, b2 and, for the last, the step count. */
    private static StepDiff step(int k, String... differ) {
        Set<String> wrong = Set.of(differ);
        List<TensorDiff> tensors = new ArrayList<>();
        for (String name : List.of("loss", "W1", "b1", "W2", "b2", "steps")) {
            if (!name.equals("steps") || wrong.contains(name)) {
                tensors.add(diff(name, wrong));
            }
        }
        return new StepDiff(k, tensors);
    }

    /** A fixture whose gradients agree and whose training run is {@code steps}, re-run at its parting as {@code recheck}. */
    private static FixtureComparison training(PairComparison recheck, StepDiff... steps) {
        TrajectoryComparison training = new TrajectoryComparison(Stub.CANDIDATE, Stub.REFERENCE, TOLERANCE,
                List.of(steps), recheck);
        return new FixtureComparison("demo", null, null, null, List.of(pair(2, true)), List.of(), training);
    }

    /**
     * Format 1.2, layers without bias: dW_l alone cannot tell δ_l from its own rule; the first layer below with
     * a bias can, by whether its db differs too.
     */
    @Test
    void aLayerWithoutBiasNamesItsDeltaWhenTheBiasBelowItDiffersToo() {
        assertEquals(Set.of(NetworkRule.OUTPUT_DELTA, NetworkRule.WEIGHT_GRADIENT),
                rules(withoutBiases(pair(3, true, "dW3", "dW2", "dW1"), 1, 2, 3)));
        assertEquals("δ_1 = (δ_2·W_2) ⊙ f'(z_1) (the product with W_2 or the activation derivative) or "
                + "dW_1 = δ_1ᵀ·a_0 + λ·W_1 (the product or the L2 term); layer 1 has no bias, whose gradient would "
                + "tell δ_1 from dW1's own rule", text(withoutBiases(pair(3, true, "dW1"), 1, 2, 3)));
        assertEquals("δ_3 = ∂data/∂z_3 (the loss derivative, with its 1/N)",
                text(withoutBiases(pair(3, true, "dW3", "dW2", "db2", "dW1"), 1, 3)));
        assertEquals("dW_3 = δ_3ᵀ·a_2 + λ·W_3 (the product or the L2 term) or δ_3 = ∂data/∂z_3 (the loss derivative, "
                + "with its 1/N); layer 3 has no bias; db2 agrees, so δ_3 is right unless its error vanished on the way",
                text(withoutBiases(pair(3, true, "dW3", "dW2", "dW1"), 1, 3)));
    }

    /** The same comparison without the bias gradients of these layers, as of a network without their biases. */
    private static PairComparison withoutBiases(PairComparison pair, int... layers) {
        Set<String> absent = new java.util.HashSet<>();
        for (int l : layers) {
            absent.add("db" + l);
        }
        return new PairComparison(pair.candidate(), pair.reference(), pair.tolerance(),
                pair.tensors().stream().filter(t -> !absent.contains(t.tensor())).toList(), pair.forward());
    }

    private static TensorDiff diff(String name, Set<String> wrong) {
        return TensorDiff.of(name, Tensor.scalar(wrong.contains(name) ? 2 : 1), Tensor.scalar(1), TOLERANCE);
    }

    private static String text(PairComparison pair) {
        return Diagnosis.of(pair, null).text();
    }

    private static String text(FixtureComparison comparison) {
        return Diagnosis.of(comparison).text();
    }

    private static Set<NetworkRule> rules(PairComparison pair) {
        Set<NetworkRule> rules = new java.util.HashSet<>();
        Diagnosis.of(pair, null).rules().forEach(rule -> rules.add(rule.rule()));
        return rules;
    }
}
