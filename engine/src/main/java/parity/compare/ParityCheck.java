package parity.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import parity.api.DType;
import parity.api.Fixture;
import parity.api.Implementation;
import parity.api.LossAndGradients;
import parity.api.Tensor;
import parity.api.Tolerance;
import parity.api.Trainable;
import parity.api.Training;
import parity.api.Trajectory;
import parity.fixtures.FixtureReader;
import parity.fixtures.FixtureSource;
import parity.fixtures.InvalidFixtureException;
import parity.numeric.CentralDifferences;
import parity.numeric.DirectionalDerivative;
import parity.numeric.NumericGradients;
import parity.numeric.SkippedElement;
import parity.oracle.AutogradReference;
import parity.oracle.ReferenceInFloat64;
import parity.reference.TorchFunction;
import parity.rounding.RoundingBound;
import parity.rounding.RoundingScales;

/**
 * Runs a candidate and the reference on fixtures and compares them under the fixture's tolerance;
 * on float64 fixtures both also against finite differences, under {@link #NUMERIC_TOLERANCE}; on
 * float32 fixtures each side against the same network in float64 ({@link ReferenceInFloat64}), and every
 * pair, unless the fixture states a tolerance, under the float32 {@link RoundingBound} of each element
 * rather than a fixed tolerance (training runs keep the dtype's tolerance, and on float32 are compared as far
 * as the reference's own float32 run follows its float64 run); on fixtures with a
 * training block, the two training runs step by step and, where they part, both sides' gradients at
 * the last parameters they agree on ({@link TrajectoryComparison#recheck()}), and, on float64 fixtures, each
 * side's first step against the first step from finite-difference gradients ({@link FirstStepOracle}); on
 * fixtures that carry recorded PyTorch values ({@code expected}), both sides against those, and both
 * training runs against the recorded run, under the fixture's tolerance. A fixture that cannot be
 * read, or on which an engine fails, is an ERROR of its own; the other fixtures are still compared.
 */
public final class ParityCheck {

    /**
     * Finite differences against an exact gradient: {@code rtol 1e-5, atol 1e-7}. On the bundled suite
     * central differences are within 3e-10 of autograd, except on large-logits (4.1e-8), whose loss of
     * ~1e3 puts rounding of ε·|L|/h ≈ 4e-8 into every difference quotient. A bug (a factor, a sign, a
     * missing term) is off by orders of magnitude more.
     */
    public static final Tolerance NUMERIC_TOLERANCE = new Tolerance(1e-5, 1e-7);

    private final Implementation candidate;
    private final Implementation reference;
    private final ReferenceInFloat64 float64;
    private final Function<Fixture, NumericGradients> numeric;
    private final FixtureReader reader;

    /**
     * A candidate against a reference, with central differences as the third oracle.
     *
     * @param candidate the implementation under test
     * @param reference the side compared against: PyTorch autograd, or a stand-in for it
     */
    public ParityCheck(Implementation candidate, Implementation reference) {
        this(candidate, reference, fixture -> new CentralDifferences(fixture).gradients());
    }

    /**
     * With another finite-difference oracle in place of {@link CentralDifferences}, e.g. a broken one. The
     * float64 twin of a float32 fixture is computed by {@code reference} when it is PyTorch autograd, else
     * (a deliberately broken reference) by the real one.
     *
     * @param candidate the implementation under test
     * @param reference the side compared against: PyTorch autograd, or a stand-in for it
     * @param numeric the finite-difference gradients of a fixture
     */
    public ParityCheck(Implementation candidate, Implementation reference,
            Function<Fixture, NumericGradients> numeric) {
        this.candidate = candidate;
        this.reference = reference;
        this.numeric = numeric;
        AutogradReference autograd = reference instanceof AutogradReference own ? own : Implementations.REFERENCE;
        this.float64 = new ReferenceInFloat64(autograd);
        this.reader = new FixtureReader(autograd.customActivations(), autograd.customLosses());
    }

    /**
     * A candidate against PyTorch autograd, with finite differences as the third oracle.
     *
     * @param candidate the implementation under test
     * @return the check
     */
    public static ParityCheck of(Implementation candidate) {
        return new ParityCheck(candidate, Implementations.REFERENCE);
    }

    /**
     * The same, on fixtures that may also name these activations and losses of the user's own.
     *
     * @param candidate the implementation under test
     * @param custom the user's activations and losses, with their libtorch forwards
     * @return the check
     */
    public static ParityCheck of(Implementation candidate, List<? extends TorchFunction> custom) {
        return new ParityCheck(candidate, new AutogradReference(custom));
    }

    /**
     * Reads and checks every fixture, in order; one that fails to read is an ERROR of its own.
     *
     * @param sources the fixtures
     * @return one comparison per fixture, in the same order
     */
    public List<FixtureComparison> check(List<FixtureSource> sources) {
        List<FixtureComparison> comparisons = new ArrayList<>();
        for (FixtureSource source : sources) {
            comparisons.add(check(source));
        }
        return comparisons;
    }

    /**
     * Reads and checks one fixture; one that cannot be read is an ERROR with the reader's one-line reason.
     *
     * @param source the fixture
     * @return the comparison
     */
    public FixtureComparison check(FixtureSource source) {
        Fixture fixture;
        try {
            fixture = source.load(reader);
        } catch (InvalidFixtureException e) {
            return FixtureComparison.error(source.label(), null, e.getMessage());
        } catch (RuntimeException e) {
            // Validation should have refused it; whatever got through is still one fixture's ERROR.
            return FixtureComparison.error(source.label(), null, source.label() + ": cannot be read: " + firstLine(e));
        }
        return check(source.label(), fixture);
    }

    /**
     * One fixture: SKIPPED when the candidate does not {@linkplain Implementation#supports support} it;
     * training compared only when both sides are {@link Trainable} and the candidate {@linkplain Trainable#trains
     * trains} the fixture's block. An implementation that throws makes the fixture an ERROR that names it
     * and keeps what it threw, stack trace and all.
     *
     * @param source how reports name the fixture's file or bundled resource
     * @param fixture the fixture
     * @return the comparison
     */
    public FixtureComparison check(String source, Fixture fixture) {
        try {
            if (!calling(candidate.name(), () -> candidate.supports(fixture))) {
                return FixtureComparison.skipped(source, fixture, candidate.name() + " does not support this fixture ("
                        + fixture.dtype().jsonName() + ", " + fixture.activationText() + ")");
            }
            return compare(source, fixture);
        } catch (Failed failed) {
            String error = source + ": " + failed.running + " failed: " + firstLine(failed.getCause());
            return failed.implementationThrew ? FixtureComparison.error(source, fixture, error, failed.getCause())
                    : FixtureComparison.error(source, fixture, error);
        } catch (TrainingDiverges diverges) {
            return FixtureComparison.error(source, fixture, source + ": training diverges: " + diverges.getMessage()
                    + "; a smaller learningRate or smaller weights keep it finite");
        }
    }

    private FixtureComparison compare(String source, Fixture fixture) {
        LossAndGradients b = calling(reference.name(), () -> reference.lossAndGradients(fixture));
        LossAndGradients a = calling(candidate.name(), () -> candidate.lossAndGradients(fixture));
        RoundingBound bound = running(candidate.name(), () -> bound(fixture));
        List<PairComparison> pairs = new ArrayList<>();
        pairs.add(running(candidate.name(), () -> pair(candidate, a, reference, b, fixture, bound)));
        NumericOpinion estimate = null;
        List<SkippedElement> skipped = new ArrayList<>();
        if (Implementations.NUMERIC.appliesTo(fixture)) {
            estimate = calling(Implementations.NUMERIC.name(), () -> numericOpinion(fixture, a, b));
            pairs.addAll(estimate.pairs());
            skipped.addAll(estimate.skipped());
        }
        if (float64.appliesTo(fixture)) {
            pairs.addAll(float64Pairs(fixture, a, b, bound));
        }
        if (Implementations.RECORDED.appliesTo(fixture)) {
            LossAndGradients recorded = fixture.expected().lossAndGradients();
            pairs.add(pair(candidate, a, Implementations.RECORDED, recorded, fixture, bound));
            pairs.add(pair(reference, b, Implementations.RECORDED, recorded, fixture, bound));
        }
        TrajectoryComparison training = null;
        List<TrajectoryComparison> recordedTraining = new ArrayList<>();
        if (fixture.training() != null && candidate instanceof Trainable trainee && trainee.trains(fixture)
                && reference instanceof Trainable trainer) {
            Runs runs = trainingRuns(fixture, trainee, trainer);
            TrainingReach reach = calling(reference.name() + " training", () -> TrainingReach.of(fixture,
                    runs.reference(), trainer, bound == null ? null : float64.train(fixture)));
            training = running(candidate.name() + " training", () -> TrajectoryComparison.of(candidate,
                    runs.candidate(), reference, runs.reference(), fixture.tolerance()).until(reach.steps(), reach.why()));
            if (Implementations.RECORDED.trains(fixture)) {
                Trajectory pytorch = fixture.expected().trajectory();
                recordedTraining.add(TrajectoryComparison.of(candidate, runs.candidate(), Implementations.RECORDED,
                        pytorch, fixture.tolerance()).until(reach.steps(), reach.why()));
                recordedTraining.add(TrajectoryComparison.of(reference, runs.reference(), Implementations.RECORDED,
                        pytorch, fixture.tolerance()).until(reach.steps(), reach.why()));
            }
            training = rechecked(training, fixture, runs.reference());
            if (estimate != null) {
                FirstStepOracle oracle = firstStep(fixture, estimate);
                pairs.add(oracle.pair(candidate, runs.candidate()));
                pairs.add(oracle.pair(reference, runs.reference()));
                skipped.addAll(oracle.skipped());
            }
        }
        return new FixtureComparison(source, fixture, null, null, pairs, skipped, training, recordedTraining, null);
    }

    /**
     * Both sides against finite differences ({@link #numericPair}), with the elements and directions finite
     * differences skip, and what the first step needs of them.
     */
    private NumericOpinion numericOpinion(Fixture fixture, LossAndGradients a, LossAndGradients b) {
        NumericGradients estimate = numeric.apply(fixture);
        Tolerance elements = CentralDifferences.elementTolerance(fixture, NUMERIC_TOLERANCE);
        List<SkippedElement> skipped = new ArrayList<>(estimate.skipped());
        for (DirectionalDerivative direction : estimate.directions()) {
            if (direction.skipped() != null) {
                skipped.add(new SkippedElement(direction.name(), "", direction.skipped()));
            }
        }
        return new NumericOpinion(estimate, elements, List.of(numericPair(candidate, a, estimate, elements),
                numericPair(reference, b, estimate, elements)), skipped);
    }

    /** Finite differences on a fixture: the estimate, its per-element tolerance, both sides' pairs, what it skipped. */
    private record NumericOpinion(NumericGradients estimate, Tolerance elements, List<PairComparison> pairs,
            List<SkippedElement> skipped) {
    }

    /** Both float32 sides against the reference's float64 twin, where only one side's rounding counts. */
    private List<PairComparison> float64Pairs(Fixture fixture, LossAndGradients a, LossAndGradients b,
            RoundingBound bound) {
        running(reference.name(), () -> Float32Values.require(b));
        running(candidate.name(), () -> Float32Values.require(a));
        LossAndGradients exact = calling(float64.name(), () -> float64.lossAndGradients(fixture));
        return running(float64.name(), () -> {
            RoundingBound oneSide = bound == null ? null : bound.withSides(1);
            return List.of(pair(candidate, a, float64, exact, fixture, oneSide),
                    pair(reference, b, float64, exact, fixture, oneSide));
        });
    }

    /** Both training runs, the reference's first; a reference run that stops being finite ends the check. */
    private Runs trainingRuns(Fixture fixture, Trainable trainee, Trainable trainer) {
        Trajectory expected = calling(reference.name() + " training", () -> trainer.train(fixture));
        String diverges = diverges(expected);
        if (diverges != null) {
            throw new TrainingDiverges(diverges);
        }
        Trajectory actual = calling(candidate.name() + " training", () -> trainee.train(fixture));
        if (fixture.dtype() == DType.FLOAT32) {
            running(reference.name() + " training", () -> Float32Values.require(expected));
            running(candidate.name() + " training", () -> Float32Values.require(actual));
        }
        return new Runs(actual, expected);
    }

    /** The two sides' training runs on a fixture. */
    private record Runs(Trajectory candidate, Trajectory reference) {
    }

    /**
     * Where the runs part, both sides' gradients at the parameters where they still agree tell a wrong
     * gradient there from a wrong update (Diagnosis); both start from the reference's. When the parameters
     * part, the gradients are those of the step's batch, as training took them.
     */
    private TrajectoryComparison rechecked(TrajectoryComparison training, Fixture fixture, Trajectory expected) {
        int at = training.recheckStep();
        boolean onBatch = training.parametersPart() && !fixture.training().fullBatch(fixture.samples());
        if (at < 0 || at == 0 && !onBatch) {
            return training;
        }
        Fixture there = onBatch ? fixture.withParams(expected.params().get(at))
                .batch(fixture.training().batchRows(at, fixture.samples())) : fixture.withParams(expected.params().get(at));
        String step = " at step " + at + "'s parameters";
        LossAndGradients referenceThere = calling(reference.name() + step, () -> reference.lossAndGradients(there));
        LossAndGradients candidateThere = calling(candidate.name() + step, () -> candidate.lossAndGradients(there));
        return running(candidate.name() + step, () -> training.withRecheck(
                pair(candidate, candidateThere, reference, referenceThere, there, bound(there))));
    }

    /** The first step from finite differences of step 0's batch (the fixture's own when it is the full batch). */
    private FirstStepOracle firstStep(Fixture fixture, NumericOpinion estimate) {
        return calling(Implementations.NUMERIC.name() + " at the first step's batch", () -> {
            Training block = fixture.training();
            NumericGradients firstBatch = block.fullBatch(fixture.samples()) ? estimate.estimate()
                    : numeric.apply(fixture.batch(block.batchRows(0, fixture.samples())));
            return new FirstStepOracle(fixture, estimate.estimate(), firstBatch, estimate.elements());
        });
    }

    /**
     * A call into an implementation (or an oracle): what it throws ends the fixture's check as an ERROR that
     * names the side and keeps the exception, stack trace and all, for its author to find.
     */
    private static <T> T calling(String side, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException | LinkageError e) {
            throw new Failed(side, e, true);
        }
    }

    /**
     * The engine's own work on a side's values (checking and comparing them): what it throws, values that
     * cannot be compared such as a gradient of the wrong shape, ends the check as an ERROR that names the side.
     */
    private static <T> T running(String side, Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException | LinkageError e) {
            throw new Failed(side, e, false);
        }
    }

    private static void running(String side, Runnable work) {
        running(side, () -> {
            work.run();
            return null;
        });
    }

    /** An implementation, or the comparison of its values, threw: the side, and what was thrown as the cause. */
    private static final class Failed extends RuntimeException {
        private final String running;
        private final boolean implementationThrew;

        Failed(String running, Throwable cause, boolean implementationThrew) {
            super(running, cause, false, false);
            this.running = running;
            this.implementationThrew = implementationThrew;
        }
    }

    /** The reference's own training run stops being finite. */
    private static final class TrainingDiverges extends RuntimeException {
        TrainingDiverges(String where) {
            super(where, null, false, false);
        }
    }

    /** Where the reference's own run stops being finite: {@code the reference's loss is Infinity at step 5}; or null. */
    private static String diverges(Trajectory run) {
        for (int k = 0; k < run.losses().size(); k++) {
            double loss = run.losses().get(k);
            if (!Double.isFinite(loss)) {
                return "the reference's loss is " + loss + " at step " + k;
            }
        }
        return null;
    }

    /**
     * The float32 rounding bound for two float32 sides, from the fixture's own values; null on float64,
     * and where the fixture states its tolerance, which then rules.
     */
    private static RoundingBound bound(Fixture fixture) {
        if (fixture.dtype() != DType.FLOAT32 || fixture.tolerance().stated()) {
            return null;
        }
        return new RoundingBound(DType.FLOAT32, RoundingScales.of(fixture), 2);
    }

    private static PairComparison pair(Implementation candidate, LossAndGradients a, Implementation reference,
            LossAndGradients b, Fixture fixture, RoundingBound bound) {
        return bound == null ? PairComparison.of(candidate, a, reference, b, fixture.tolerance())
                : PairComparison.of(candidate, a, reference, b, fixture.tolerance(), bound);
    }

    /**
     * One side against finite differences: every estimated element under {@code tolerance}
     * ({@link #NUMERIC_TOLERANCE}, its atol raised to the rounding of a large loss:
     * {@link CentralDifferences#elementTolerance}), then gᵀu against each directional derivative D_u under its
     * own tolerance, as {@code dW1·u1}.
     */
    private static PairComparison numericPair(Implementation side, LossAndGradients values,
            NumericGradients estimate, Tolerance tolerance) {
        PairComparison elements = PairComparison.of(side, values, Implementations.NUMERIC, estimate.values(),
                tolerance, estimate.checked());
        List<TensorDiff> directional = new ArrayList<>();
        for (DirectionalDerivative direction : estimate.directions()) {
            if (direction.skipped() == null) {
                Tensor gradient = values.gradients().get(direction.gradient());
                double along = Arrays.equals(gradient.shape(), direction.direction().shape())
                        ? direction.along(gradient) : Double.NaN;
                directional.add(TensorDiff.of(direction.name(), Tensor.scalar(along),
                        Tensor.scalar(direction.estimate()), direction.tolerance()));
            }
        }
        return elements.withTensors(directional);
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(e.getClass().getSimpleName());
    }
}
