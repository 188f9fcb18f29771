package parity.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import parity.api.DType;
import parity.api.Expected;
import parity.api.Fixture;
import parity.fixtures.FixtureSource;
import parity.api.Implementation;
import parity.fixtures.InvalidFixtureException;
import parity.api.LossAndGradients;
import parity.api.Tensor;
import parity.api.Tolerance;
import parity.numeric.CentralDifferences;
import parity.numeric.DirectionalDerivative;
import parity.numeric.NumericGradients;
import parity.numeric.SkippedElement;
import parity.rounding.RoundingBound;
import parity.rounding.RoundingScales;
import parity.api.Trainable;
import parity.api.Trajectory;
import parity.api.Training;

/**
 * Runs a candidate and the reference on fixtures and compares them under the fixture's tolerance;
 * on float64 fixtures both also against finite differences, under {@link #NUMERIC_TOLERANCE}; on
 * float32 fixtures each side against the same network in float64 ({@link #REFERENCE_FLOAT64}), and every
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

    /** The reference on the float64 twin of a float32 fixture. */
    static final Implementation REFERENCE_FLOAT64 = Implementation.of("reference-float64",
            "PyTorch autograd via DJL, in float64 from the same values",
            fixture -> Implementations.REFERENCE.lossAndGradients(fixture.withDtype(DType.FLOAT64)));

    private final Implementation candidate;
    private final Implementation reference;
    private final Function<Fixture, NumericGradients> numeric;

    public ParityCheck(Implementation candidate, Implementation reference) {
        this(candidate, reference, fixture -> new CentralDifferences(fixture).gradients());
    }

    /** With another finite-difference oracle in place of {@link CentralDifferences}, e.g. a broken one. */
    public ParityCheck(Implementation candidate, Implementation reference,
            Function<Fixture, NumericGradients> numeric) {
        this.candidate = candidate;
        this.reference = reference;
        this.numeric = numeric;
    }

    /** A candidate against PyTorch autograd, with finite differences as the third oracle. */
    public static ParityCheck of(Implementation candidate) {
        return new ParityCheck(candidate, Implementations.REFERENCE);
    }

    public List<FixtureComparison> check(List<FixtureSource> sources) {
        List<FixtureComparison> comparisons = new ArrayList<>();
        for (FixtureSource source : sources) {
            comparisons.add(check(source));
        }
        return comparisons;
    }

    public FixtureComparison check(FixtureSource source) {
        Fixture fixture;
        try {
            fixture = source.load();
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
     * trains} the fixture's block.
     */
    public FixtureComparison check(String source, Fixture fixture) {
        if (!candidate.supports(fixture)) {
            return FixtureComparison.skipped(source, fixture, candidate.name() + " does not support this fixture ("
                    + fixture.dtype().jsonName() + ", " + fixture.activation().name() + ")");
        }
        String running = reference.name();
        try {
            LossAndGradients b = reference.lossAndGradients(fixture);
            running = candidate.name();
            LossAndGradients a = candidate.lossAndGradients(fixture);
            List<PairComparison> pairs = new ArrayList<>();
            RoundingBound bound = bound(fixture);
            pairs.add(pair(candidate, a, reference, b, fixture, bound));
            List<SkippedElement> skipped = List.of();
            NumericGradients estimate = null;
            Tolerance elements = NUMERIC_TOLERANCE;
            if (fixture.dtype() == DType.FLOAT64) {
                running = Implementations.NUMERIC.name();
                estimate = numeric.apply(fixture);
                elements = CentralDifferences.elementTolerance(fixture, NUMERIC_TOLERANCE);
                pairs.add(numericPair(candidate, a, estimate, elements));
                pairs.add(numericPair(reference, b, estimate, elements));
                skipped = new ArrayList<>(estimate.skipped());
                for (DirectionalDerivative direction : estimate.directions()) {
                    if (direction.skipped() != null) {
                        skipped.add(new SkippedElement(direction.name(), "", direction.skipped()));
                    }
                }
            } else {
                running = reference.name();
                Float32Values.require(b);
                running = candidate.name();
                Float32Values.require(a);
                running = REFERENCE_FLOAT64.name();
                LossAndGradients exact = REFERENCE_FLOAT64.lossAndGradients(fixture);
                // Against float64 only one side's rounding counts.
                RoundingBound oneSide = bound == null ? null : bound.withSides(1);
                pairs.add(pair(candidate, a, REFERENCE_FLOAT64, exact, fixture, oneSide));
                pairs.add(pair(reference, b, REFERENCE_FLOAT64, exact, fixture, oneSide));
            }
            Expected recorded = fixture.expected();
            if (recorded != null) {
                Implementation pytorch = Implementations.RECORDED;
                pairs.add(pair(candidate, a, pytorch, recorded.lossAndGradients(), fixture, bound));
                pairs.add(pair(reference, b, pytorch, recorded.lossAndGradients(), fixture, bound));
            }
            TrajectoryComparison training = null;
            List<TrajectoryComparison> recordedTraining = new ArrayList<>();
            if (fixture.training() != null && candidate instanceof Trainable trainee && trainee.trains(fixture)
                    && reference instanceof Trainable trainer) {
                running = reference.name() + " training";
                Trajectory expected = trainer.train(fixture);
                String diverges = diverges(expected);
                if (diverges != null) {
                    return FixtureComparison.error(source, fixture, source + ": training diverges: " + diverges
                            + "; a smaller learningRate or smaller weights keep it finite");
                }
                running = candidate.name() + " training";
                Trajectory actual = trainee.train(fixture);
                if (fixture.dtype() == DType.FLOAT32) {
                    running = reference.name() + " training";
                    Float32Values.require(expected);
                    running = candidate.name() + " training";
                    Float32Values.require(actual);
                }
                training = TrajectoryComparison.of(candidate, actual, reference, expected, fixture.tolerance());
                int parts = Integer.MAX_VALUE;
                if (bound != null) {
                    running = REFERENCE_FLOAT64.name() + " training";
                    parts = float32Parts(trainer, expected, fixture);
                    training = training.until(parts, uncompared(parts));
                }
                if (recorded != null && recorded.hasTraining()) {
                    Trajectory pytorch = recorded.trajectory();
                    recordedTraining.add(TrajectoryComparison.of(candidate, actual, Implementations.RECORDED, pytorch,
                            fixture.tolerance()).until(parts, uncompared(parts)));
                    recordedTraining.add(TrajectoryComparison.of(reference, expected, Implementations.RECORDED,
                            pytorch, fixture.tolerance()).until(parts, uncompared(parts)));
                }
                int at = training.recheckStep();
                boolean onBatch = training.parametersPart() && !fixture.training().fullBatch(fixture.samples());
                if (at > 0 || at == 0 && onBatch) {
                    // Both sides' gradients at the parameters where the runs still agree tell a wrong
                    // gradient there from a wrong update (Diagnosis); both start from the reference's.
                    // When the parameters part, the gradients are those of the step's batch, as training took them.
                    Fixture there = fixture.withParams(expected.params().get(at));
                    if (onBatch) {
                        there = there.batch(fixture.training().batchRows(at, fixture.samples()));
                    }
                    running = reference.name() + " at step " + at + "'s parameters";
                    LossAndGradients referenceThere = reference.lossAndGradients(there);
                    running = candidate.name() + " at step " + at + "'s parameters";
                    LossAndGradients candidateThere = candidate.lossAndGradients(there);
                    training = training.withRecheck(pair(candidate, candidateThere, reference, referenceThere,
                            there, bound(there)));
                }
                if (estimate != null) {
                    running = Implementations.NUMERIC.name() + " at the first step's batch";
                    Training block = fixture.training();
                    NumericGradients firstBatch = block.fullBatch(fixture.samples()) ? estimate
                            : numeric.apply(fixture.batch(block.batchRows(0, fixture.samples())));
                    FirstStepOracle oracle = new FirstStepOracle(fixture, estimate, firstBatch, elements);
                    pairs.add(oracle.pair(candidate, actual));
                    pairs.add(oracle.pair(reference, expected));
                    skipped.addAll(oracle.skipped());
                }
            }
            return new FixtureComparison(source, fixture, null, null, pairs, skipped, training, recordedTraining);
        } catch (RuntimeException | LinkageError e) {
            return FixtureComparison.error(source, fixture, source + ": " + running + " failed: " + firstLine(e));
        }
    }

    /**
     * The float32 runs compared only while float32 can follow float64: up to the step at which the
     * reference's own float32 run leaves its float64 run from the same values, by a quarter of the tolerance.
     * From there rounding alone has changed the run (training that amplifies its rounding, as a large
     * learning rate on unscaled weights does), and a difference between two float32 runs says nothing
     * about either; a wrong update shows before that, at the first step it is taken.
     */
    private static int float32Parts(Trainable trainer, Trajectory float32, Fixture fixture) {
        Trajectory float64 = trainer.train(fixture.withDtype(DType.FLOAT64));
        // A quarter of the tolerance: the reference's float32 error is one draw of float32's, core's another,
        // and the two may differ by more than either; within a quarter each leaves the other room.
        Tolerance quarter = new Tolerance(fixture.tolerance().rtol() / 4, fixture.tolerance().atol() / 4);
        int parts = TrajectoryComparison.of(REFERENCE_FLOAT64, float32, REFERENCE_FLOAT64, float64, quarter)
                .firstFailingStep();
        return parts < 0 ? Integer.MAX_VALUE : parts;
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

    private static String uncompared(int parts) {
        return "steps " + parts + " on not compared: there the reference's own float32 run leaves its float64 run, "
                + "so float32 rounding alone has changed the run";
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
