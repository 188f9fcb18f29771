package parity.compare;

import java.util.List;
import parity.fixtures.Fixture;
import parity.numeric.SkippedElement;

/**
 * Everything checked on one fixture. {@code pairs} are the gating comparisons: first core ↔ reference,
 * then, on float64 fixtures, core ↔ numeric and reference ↔ numeric. {@code precision} (float32
 * fixtures) is reported but never gates; {@code training} (fixtures with a training block) gates.
 * An ERROR carries the one-line reason the fixture could not be compared; a SKIPPED one, why the
 * candidate was not run on it.
 *
 * @param fixture null for an ERROR before the fixture was read
 * @param skippedBecause null unless the candidate does not support the fixture
 * @param precision null unless the fixture is float32
 * @param training null unless the fixture has a training block
 */
public record FixtureComparison(
        String source,
        Fixture fixture,
        String error,
        String skippedBecause,
        List<PairComparison> pairs,
        List<SkippedElement> skipped,
        PrecisionCost precision,
        TrajectoryComparison training) {

    public FixtureComparison {
        pairs = List.copyOf(pairs);
        skipped = List.copyOf(skipped);
    }

    public static FixtureComparison of(String source, Fixture fixture, PairComparison... pairs) {
        return new FixtureComparison(source, fixture, null, null, List.of(pairs), List.of(), null, null);
    }

    public static FixtureComparison error(String source, Fixture fixture, String error) {
        return new FixtureComparison(source, fixture, error, null, List.of(), List.of(), null, null);
    }

    public static FixtureComparison skipped(String source, Fixture fixture, String reason) {
        return new FixtureComparison(source, fixture, null, reason, List.of(), List.of(), null, null);
    }

    /**
     * Whether the fixture has a training block that was not run because the candidate is not
     * {@link parity.fixtures.Trainable}, or does not {@linkplain parity.fixtures.Trainable#trains train} this
     * block: reported, neither a pass nor a fail.
     */
    public boolean trainingNotCompared() {
        return fixture != null && fixture.training() != null && training == null && !pairs.isEmpty();
    }

    /** Why training was not compared, e.g. {@code mlp does not implement Trainable}; null when it was. */
    public String trainingNotComparedBecause() {
        if (!trainingNotCompared()) {
            return null;
        }
        String candidate = primary().candidate().name();
        return primary().candidate() instanceof parity.fixtures.Trainable
                ? candidate + " does not train this block (" + fixture.training().settings(fixture.samples()) + ")"
                : candidate + " does not implement Trainable";
    }

    public Status status() {
        if (error != null) {
            return Status.ERROR;
        }
        if (skippedBecause != null) {
            return Status.SKIPPED;
        }
        boolean passed = pairs.stream().allMatch(PairComparison::passed) && (training == null || training.passed());
        return passed ? Status.PASS : Status.FAIL;
    }

    /**
     * The first training step of each side against finite differences' ({@link FirstStepOracle}): candidate,
     * then reference; empty unless a float64 fixture's training was compared.
     */
    public List<PairComparison> firstStepPairs() {
        return pairs.stream().filter(p -> p.reference() == FirstStepOracle.NUMERIC_FIRST_STEP).toList();
    }

    /** Whether the side's first step agrees with finite differences' (true when it was not compared). */
    private boolean firstStepPasses(parity.fixtures.Implementation side) {
        return firstStepPairs().stream().filter(p -> p.candidate() == side).allMatch(PairComparison::passed);
    }

    /** The fixture's name, or its source when it could not be read. */
    public String name() {
        return fixture == null ? source : fixture.name();
    }

    /** core ↔ reference, the comparison the gate exists for; null for an ERROR. */
    public PairComparison primary() {
        return pairs.isEmpty() ? null : pairs.get(0);
    }

    /**
     * Which side is wrong, when finite differences were run: with three oracles, the one that disagrees
     * with two that agree is the odd one out. With a training block, core and the reference agree when their
     * gradients and their training runs do, and a side agrees with finite differences when its gradients and
     * its first step do. Null without finite differences.
     */
    public String verdict() {
        if (pairs.size() < 3) {
            return null;
        }
        boolean gradientsAgree = pairs.get(0).passed();
        boolean trainingAgrees = training == null || training.passed();
        boolean coreReference = gradientsAgree && trainingAgrees;
        boolean coreNumeric = pairs.get(1).passed() && firstStepPasses(pairs.get(0).candidate());
        boolean referenceNumeric = pairs.get(2).passed() && firstStepPasses(pairs.get(0).reference());
        String candidate = pairs.get(0).candidate().name();
        String reference = pairs.get(0).reference().name();
        if (gradientsAgree && !trainingAgrees && coreNumeric && referenceNumeric) {
            return candidate + " and the " + reference + " part in training at step " + training.firstFailingStep()
                    + ", where finite differences cannot follow: both agree with them on the gradients and the first step";
        }
        if (coreReference && coreNumeric && referenceNumeric) {
            return candidate + ", " + reference + " and finite differences agree";
        }
        if (!coreReference && !coreNumeric && referenceNumeric) {
            return candidate + " is wrong: the " + reference + " and finite differences agree, " + candidate
                    + " disagrees with both";
        }
        if (!coreReference && coreNumeric && !referenceNumeric) {
            return "the " + reference + " is wrong: " + candidate + " and finite differences agree, the "
                    + reference + " disagrees with both";
        }
        if (coreReference && !coreNumeric && !referenceNumeric) {
            return "finite differences disagree with " + candidate + " and the " + reference
                    + ", which agree with each other";
        }
        return "no side is the odd one out: " + pairs.stream()
                .map(p -> p.label() + " " + (p.passed() ? "PASS" : "FAIL"))
                .collect(java.util.stream.Collectors.joining(", "));
    }
}
