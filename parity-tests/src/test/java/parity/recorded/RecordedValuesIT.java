package parity.recorded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import parity.api.DType;
import parity.api.Expected;
import parity.api.Fixture;
import parity.api.Implementation;
import parity.api.LossAndGradients;
import parity.api.Tensor;
import parity.api.Tolerance;
import parity.api.Trainable;
import parity.api.Training;
import parity.compare.FailureMessage;
import parity.compare.FixtureComparison;
import parity.compare.Implementations;
import parity.compare.PairComparison;
import parity.compare.ParityCheck;
import parity.compare.Status;
import parity.compare.TensorDiff;
import parity.compare.TrajectoryComparison;
import parity.core.network.TrainingRun;
import parity.fixtures.BundledSuite;
import parity.fixtures.InvalidFixtureException;
import parity.numeric.CentralDifferences;
import parity.numeric.NumericGradients;
import parity.rounding.RoundingBound;
import parity.rounding.RoundingScales;
import parity.support.Core;

/**
 * The recorded pairs gate: on every bundled fixture, one recorded value changed makes the fixture FAIL,
 * with core ↔ recorded and reference ↔ recorded failing on exactly that quantity, core ↔ reference still
 * passing, and the verdict naming the recorded values as the odd one out. Float64: the value changed by
 * one part in 10⁶ (v·(1 + 1e-6)), for every recorded value large enough that 10⁻⁶·|v| exceeds the
 * fixture's atol + rtol·|v| (|v| > 0.112 at rtol = atol = 1e-7), in each tensor its largest element.
 * Float32, whose tolerance (rtol 1.3e-6) is wider than one part in 10⁶: the value moved by twice the
 * allowed difference. Both sides run once per fixture; only the recorded values change between checks.
 */
class RecordedValuesIT {

    private static final double ONE_PART_IN_A_MILLION = 1e-6;

    private static final Map<List<Object>, Object> RUNS = new HashMap<>();

    @SuppressWarnings("unchecked")
    private static <T> T once(String side, Fixture fixture, Function<Fixture, T> run) {
        return (T) RUNS.computeIfAbsent(List.of(side, fixture.name(), fixture.dtype(), fixture.params()),
                key -> run.apply(fixture));
    }

    private static Trainable remembered(Trainable side) {
        return Trainable.of(side.name(), side.description(),
                fixture -> once(side.name(), fixture, side::lossAndGradients),
                fixture -> once(side.name() + " training", fixture, side::train));
    }

    private static final ParityCheck CHECK = new ParityCheck(remembered(Core.IMPLEMENTATION),
            remembered(Implementations.REFERENCE),
            fixture -> RecordedValuesIT.<NumericGradients>once("numeric", fixture,
                    f -> new CentralDifferences(f).gradients()));

    /** One recorded value to change: "loss", a gradient's element, a training loss or a final parameter's. */
    private record Change(String tensor, int index, double from, double to, int step) {

        String text() {
            return (step < 0 ? "" : "training step " + step + " ") + tensor + (index < 0 ? "" : "[" + index + "]")
                    + " " + from + " → " + to;
        }
    }

    @TestFactory
    Stream<DynamicTest> theRealRecordedValuesPass() {
        return BundledSuite.names().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            FixtureComparison comparison = CHECK.check("bundled:" + name, BundledSuite.load(name));
            assertEquals(Status.PASS, comparison.status(), String.valueOf(comparison.error()));
            assertEquals(List.of(0), recordedPairs(comparison).stream().map(p -> failing(p).size()).distinct().toList());
            assertEquals(2, recordedPairs(comparison).size());
        }));
    }

    @TestFactory
    Stream<DynamicTest> aRecordedValueChangedFailsTheFixture() throws InvalidFixtureException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : BundledSuite.names()) {
            Fixture fixture = BundledSuite.load(name);
            List<Change> changes = changes(fixture);
            if (fixture.dtype() == DType.FLOAT64) {
                assertTrue(changes.stream().anyMatch(RecordedValuesIT::byOnePartInAMillion),
                        name + ": no recorded value changed by one part in a million");
            }
            for (Change change : changes) {
                tests.add(DynamicTest.dynamicTest(name + " › " + change.text(), () -> {
                    FixtureComparison comparison = CHECK.check("bundled:" + name,
                            fixture.withExpected(changed(fixture.expected(), change)));
                    assertEquals(Status.FAIL, comparison.status());
                    assertTrue(comparison.primary().passed(), "core ↔ reference is untouched");
                    if (change.step() < 0) {
                        for (PairComparison pair : recordedPairs(comparison)) {
                            assertEquals(List.of(change.tensor()), failing(pair), pair.label());
                        }
                        assertEquals(fixture.dtype() == DType.FLOAT64
                                ? "the recorded PyTorch values disagree with core, the reference and finite "
                                        + "differences, which agree with each other"
                                : "the recorded PyTorch values disagree with core, the reference and the reference "
                                        + "in float64, which agree with each other", comparison.verdict());
                    } else {
                        assertEquals(2, comparison.recordedTraining().size());
                        for (TrajectoryComparison run : comparison.recordedTraining()) {
                            assertEquals(change.step(), run.firstFailingStep(), run.candidate().name());
                            assertEquals(List.of(change.tensor()), run.steps().get(change.step()).tensors().stream()
                                    .filter(t -> !t.passed()).map(TensorDiff::tensor).toList());
                        }
                        assertEquals("in training, the recorded PyTorch values disagree with core and the "
                                + "reference, which agree with each other", FailureMessage.verdict(comparison));
                    }
                }));
            }
        }
        return tests.stream();
    }

    /**
     * The same values, moved within tolerance (half the allowed difference), still pass: the pairs allow exactly
     * the fixture's tolerance, or on float32 the element's rounding bound.
     */
    @TestFactory
    Stream<DynamicTest> aChangeWithinToleranceStillPasses() throws InvalidFixtureException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : List.of("sigmoid-4-5-3-n7.json", "float32-deep-sigmoid.json", "deep-tanh-sgd.json")) {
            Fixture fixture = BundledSuite.load(name);
            for (Change change : changes(fixture)) {
                double allowed = allowed(fixture, change.tensor(), change.index(), change.step(), change.from());
                Change within = new Change(change.tensor(), change.index(), change.from(),
                        change.from() + 0.5 * allowed, change.step());
                tests.add(DynamicTest.dynamicTest(name + " › " + within.text(), () -> assertEquals(Status.PASS,
                        CHECK.check("bundled:" + name, fixture.withExpected(changed(fixture.expected(), within)))
                                .status())));
            }
        }
        return tests.stream();
    }

    /**
     * Every element of dW1 multiplied by 1.01, a 1% error far beyond every tolerance here, rounded to the
     * dtype (a float32 fixture must come back in float32).
     */
    private static LossAndGradients scaledDW1(LossAndGradients right, DType dtype) {
        Map<String, Tensor> gradients = new LinkedHashMap<>(right.gradients());
        Tensor dW1 = gradients.get("dW1");
        double[] values = dW1.data();
        for (int i = 0; i < values.length; i++) {
            values[i] = dtype.round(values[i] * 1.01);
        }
        gradients.put("dW1", new Tensor(dW1.shape(), values));
        return right.withGradients(gradients);
    }

    /** The side with dW1 off by 1%, on every fixture the side supports (float32 too, where core does). */
    private static Implementation broken(Implementation right) {
        return new Implementation() {
            @Override
            public String name() {
                return right.name();
            }

            @Override
            public String description() {
                return right.description() + ", dW1 off by 1%";
            }

            @Override
            public LossAndGradients lossAndGradients(Fixture fixture) {
                return scaledDW1(right.lossAndGradients(fixture), fixture.dtype());
            }

            @Override
            public boolean supports(Fixture fixture) {
                return right.supports(fixture);
            }
        };
    }

    private static String verdict(ParityCheck check, String name) throws InvalidFixtureException {
        return check.check("bundled:" + name, BundledSuite.load(name)).verdict();
    }

    /** With the recorded values as a fourth opinion, the one broken side is still named, outvoted three to one. */
    @Test
    void theRecordedValuesOutvoteABrokenSide() throws InvalidFixtureException {
        String n7 = "sigmoid-4-5-3-n7.json";
        assertEquals("core, reference, finite differences and the recorded PyTorch values agree",
                verdict(ParityCheck.of(Core.IMPLEMENTATION), n7));
        assertEquals("core is wrong: the reference, finite differences and the recorded PyTorch values agree, core "
                + "disagrees with all three", verdict(new ParityCheck(broken(Core.IMPLEMENTATION),
                        Implementations.REFERENCE), n7));
        assertEquals("the reference is wrong: core, finite differences and the recorded PyTorch values agree, the "
                + "reference disagrees with all three", verdict(new ParityCheck(Core.IMPLEMENTATION,
                        broken(Implementations.REFERENCE)), n7));
        assertEquals("finite differences disagree with core, the reference and the recorded PyTorch values, which "
                + "agree with each other", verdict(new ParityCheck(Core.IMPLEMENTATION, Implementations.REFERENCE,
                        fixture -> {
                            NumericGradients right = new CentralDifferences(fixture).gradients();
                            return new NumericGradients(scaledDW1(right.values(), DType.FLOAT64), right.checked(),
                                    right.skipped());
                        }), n7));
    }

    /**
     * On float32 fixtures, where finite differences do not run, the same network in float64 and the recorded
     * values are the third and fourth opinions.
     */
    @Test
    void onFloat32TheRecordedValuesAreTheThirdOpinion() throws InvalidFixtureException {
        assertEquals("core is wrong: the reference, the reference in float64 and the recorded PyTorch values agree, "
                + "core disagrees with all three",
                verdict(new ParityCheck(broken(Core.IMPLEMENTATION), Implementations.REFERENCE),
                        "float32-deep-sigmoid.json"));
    }

    /** In training, the recorded run tells which of the two runs went wrong, and agrees with finite differences' first step. */
    @Test
    void theRecordedRunNamesTheSideWhoseTrainingIsWrong() throws InvalidFixtureException {
        Fixture fixture = BundledSuite.load("deep-tanh-sgd.json");
        Trainable wrongStep = Trainable.of("core", "core with lr·1.001", Core.IMPLEMENTATION::lossAndGradients,
                f -> TrainingRun.run(f.withTraining(new Training(parity.api.Optimizer.Sgd.PLAIN, f.training().learningRate() * 1.001,
                        f.training().steps()))));
        FixtureComparison comparison = new ParityCheck(wrongStep, Implementations.REFERENCE)
                .check("bundled:deep-tanh-sgd.json", fixture);

        assertEquals(Status.FAIL, comparison.status());
        assertEquals(List.of(1, -1), comparison.recordedTraining().stream()
                .map(TrajectoryComparison::firstFailingStep).toList());
        assertEquals("core is wrong: the reference and the recorded PyTorch values agree, core disagrees with both",
                comparison.trainingVerdict());
        // Its first step is too long as well, so finite differences' first step joins the majority.
        assertEquals(List.of(false, true), comparison.firstStepPairs().stream().map(PairComparison::passed).toList());
        assertEquals("core is wrong: the reference, finite differences and the recorded PyTorch values agree, core "
                + "disagrees with all three", FailureMessage.verdict(comparison));
        assertEquals("  failing tensors: core ↔ reference 0 of 17, core ↔ numeric 0 of 25, reference ↔ numeric 0 of 25, "
                + "core ↔ recorded 0 of 9, reference ↔ recorded 0 of 9, core ↔ numeric first step 8 of 9, reference ↔ "
                + "numeric first step 0 of 9; training: 60 of 61 steps; training core ↔ "
                + "recorded: 60 of 61 steps; training reference ↔ recorded: 0 of 61 steps",
                FailureMessage.of(comparison).lines().skip(4).findFirst().orElseThrow());
    }

    private static List<PairComparison> recordedPairs(FixtureComparison comparison) {
        return comparison.pairs().stream()
                .filter(p -> p.reference().name().equals(Implementations.RECORDED.name())).toList();
    }

    private static List<String> failing(PairComparison pair) {
        return pair.tensors().stream().filter(t -> !t.passed()).map(TensorDiff::tensor).toList();
    }

    /** atol + rtol·|v| at a training step k (the fixture's tolerance × (1 + k)), or at the gradients (k < 0). */
    /**
     * What the recorded pair allows this value: on a float32 fixture without a stated tolerance, outside
     * training, the element's own float32 rounding bound (two sides in float32); else the fixture's
     * tolerance, grown with the training step.
     */
    private static double allowed(Fixture fixture, String tensor, int index, int step, double value) {
        if (fixture.dtype() == DType.FLOAT32 && !fixture.tolerance().stated() && step < 0) {
            return new RoundingBound(DType.FLOAT32, RoundingScales.of(fixture), 2).allowed(tensor)[Math.max(0, index)];
        }
        Tolerance tolerance = fixture.tolerance();
        double factor = step < 0 ? 1 : 1 + step;
        return factor * (tolerance.atol() + tolerance.rtol() * Math.abs(value));
    }

    /**
     * The loss, each gradient's largest element, and with a training run the loss after the first step
     * and each final parameter's largest element: those a change must show in.
     */
    private static List<Change> changes(Fixture fixture) {
        Expected expected = fixture.expected();
        List<Change> changes = new ArrayList<>();
        add(changes, fixture, "loss", -1, expected.loss(), -1);
        expected.gradients().forEach((name, tensor) -> {
            int at = largest(tensor);
            add(changes, fixture, name, at, tensor.get(at), -1);
        });
        if (expected.hasTraining()) {
            add(changes, fixture, "loss", -1, expected.losses().get(1), 1);
            int last = expected.losses().size() - 1;
            // The final parameters are compared only when every step is: from a step where rounding alone may
            // part two runs, none is (TrainingReach), and the report says so.
            boolean everyStep = CHECK.check("bundled:" + fixture.name(), fixture).training().uncompared() == null;
            expected.params().forEach((name, tensor) -> {
                if (!everyStep) {
                    return;
                }
                int at = largest(tensor);
                add(changes, fixture, name, at, tensor.get(at), last);
            });
        }
        return changes;
    }

    /**
     * By one part in 10⁶ in float64 where that is beyond the tolerance at that step; otherwise (float32,
     * values too small, late training steps whose tolerance has grown) by twice the allowed difference.
     */
    private static void add(List<Change> changes, Fixture fixture, String tensor, int index, double value, int step) {
        double millionth = value * (1 + ONE_PART_IN_A_MILLION);
        if (fixture.dtype() == DType.FLOAT64
                && Math.abs(millionth - value) > allowed(fixture, tensor, index, step, millionth)) {
            changes.add(new Change(tensor, index, value, millionth, step));
        } else {
            changes.add(new Change(tensor, index, value, value + 2 * allowed(fixture, tensor, index, step, value), step));
        }
    }

    private static boolean byOnePartInAMillion(Change change) {
        return change.to() == change.from() * (1 + ONE_PART_IN_A_MILLION);
    }

    private static int largest(Tensor tensor) {
        int at = 0;
        for (int i = 1; i < tensor.size(); i++) {
            if (Math.abs(tensor.get(i)) > Math.abs(tensor.get(at))) {
                at = i;
            }
        }
        return at;
    }

    private static Expected changed(Expected expected, Change change) {
        if (change.step() < 0) {
            if (change.tensor().equals("loss")) {
                return new Expected(expected.source(), change.to(), expected.gradients(), expected.losses(),
                        expected.params());
            }
            return new Expected(expected.source(), expected.loss(), changed(expected.gradients(), change),
                    expected.losses(), expected.params());
        }
        if (change.tensor().equals("loss")) {
            List<Double> losses = new ArrayList<>(expected.losses());
            losses.set(change.step(), change.to());
            return new Expected(expected.source(), expected.loss(), expected.gradients(), losses, expected.params());
        }
        return new Expected(expected.source(), expected.loss(), expected.gradients(), expected.losses(),
                changed(expected.params(), change));
    }

    private static Map<String, Tensor> changed(Map<String, Tensor> tensors, Change change) {
        Map<String, Tensor> copy = new LinkedHashMap<>(tensors);
        Tensor tensor = copy.get(change.tensor());
        double[] values = tensor.data();
        values[change.index()] = change.to();
        copy.put(change.tensor(), new Tensor(tensor.shape(), values));
        return copy;
    }
}
