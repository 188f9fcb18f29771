package parity.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import parity.api.Fixture;
import parity.api.Implementation;
import parity.numeric.SkippedElement;
import parity.oracle.FiniteDifferences;
import parity.oracle.FirstStepFromFiniteDifferences;
import parity.oracle.Oracle;

/**
 * Everything checked on one fixture. {@code pairs} are the gating comparisons: first core ↔ reference,
 * then, on float64 fixtures, core ↔ numeric and reference ↔ numeric, on float32 fixtures core ↔
 * reference-float64 and reference ↔ reference-float64 (the same network in float64: the third opinion on
 * float32's rounding), then, on fixtures that carry recorded PyTorch values, core ↔ recorded and
 * reference ↔ recorded, then, on float64 fixtures whose training was compared, core ↔ numeric first step
 * and reference ↔ numeric first step. {@code training} (fixtures with a training block) gates too, and
 * so does {@code recordedTraining}: each side's run against the recorded one.
 * An ERROR carries the one-line reason the fixture could not be compared, and the exception behind it
 * when an implementation threw; a SKIPPED one, why the candidate was not run on it.
 *
 * @param fixture null for an ERROR before the fixture was read
 * @param skippedBecause null unless the candidate does not support the fixture
 * @param training null unless the fixture has a training block
 * @param recordedTraining core ↔ recorded and reference ↔ recorded training runs; empty unless the fixture
 *     carries a recorded training run
 * @param cause what an implementation threw, with its stack trace, for an ERROR where one did; else null
 */
public record FixtureComparison(
        String source,
        Fixture fixture,
        String error,
        String skippedBecause,
        List<PairComparison> pairs,
        List<SkippedElement> skipped,
        TrajectoryComparison training,
        List<TrajectoryComparison> recordedTraining,
        Throwable cause) {

    /**
     * Copies the lists.
     *
     * @param source the fixture's file or bundled resource
     * @param fixture the fixture, or null
     * @param error why the fixture could not be compared (an ERROR), or null
     * @param skippedBecause why the candidate was not run on it (SKIPPED), or null
     * @param pairs the gating comparisons, core ↔ reference first
     * @param skipped the elements finite differences skipped, each with why
     * @param training core ↔ reference's training runs, or null
     * @param recordedTraining each side's run against the recorded one, or empty
     * @param cause what an implementation threw, or null
     */
    public FixtureComparison {
        pairs = List.copyOf(pairs);
        skipped = List.copyOf(skipped);
        recordedTraining = List.copyOf(recordedTraining);
    }

    /**
     * Without recorded values.
     *
     * @param source the fixture's file or bundled resource
     * @param fixture the fixture, or null
     * @param error why the fixture could not be compared (an ERROR), or null
     * @param skippedBecause why the candidate was not run on it (SKIPPED), or null
     * @param pairs the gating comparisons, core ↔ reference first
     * @param skipped the elements finite differences skipped, each with why
     * @param training core ↔ reference's training runs, or null
     */
    public FixtureComparison(String source, Fixture fixture, String error, String skippedBecause,
            List<PairComparison> pairs, List<SkippedElement> skipped, TrajectoryComparison training) {
        this(source, fixture, error, skippedBecause, pairs, skipped, training, List.of(), null);
    }

    /**
     * The fixture compared in these pairs alone: nothing skipped, no training run.
     *
     * @param source the fixture's file or bundled resource
     * @param fixture the fixture
     * @param pairs the comparisons, core ↔ reference first
     * @return the comparison
     */
    public static FixtureComparison of(String source, Fixture fixture, PairComparison... pairs) {
        return new FixtureComparison(source, fixture, null, null, List.of(pairs), List.of(), null);
    }

    /**
     * An ERROR: the fixture could not be compared.
     *
     * @param source the fixture's file or bundled resource
     * @param fixture the fixture, or null when it could not be read
     * @param error the one-line reason
     * @return the comparison
     */
    public static FixtureComparison error(String source, Fixture fixture, String error) {
        return new FixtureComparison(source, fixture, error, null, List.of(), List.of(), null);
    }

    /**
     * An ERROR because an implementation threw {@code cause}.
     *
     * @param source the fixture's file or bundled resource
     * @param fixture the fixture
     * @param error the one-line reason
     * @param cause what the implementation threw
     * @return the comparison
     */
    public static FixtureComparison error(String source, Fixture fixture, String error, Throwable cause) {
        return new FixtureComparison(source, fixture, error, null, List.of(), List.of(), null, List.of(), cause);
    }

    /**
     * SKIPPED: the candidate does not support the fixture.
     *
     * @param source the fixture's file or bundled resource
     * @param fixture the fixture
     * @param reason why, e.g. the dtype or activation it lacks
     * @return the comparison
     */
    public static FixtureComparison skipped(String source, Fixture fixture, String reason) {
        return new FixtureComparison(source, fixture, null, reason, List.of(), List.of(), null);
    }

    /**
     * Whether the fixture has a training block that was not run because the candidate is not
     * {@link parity.api.Trainable}, or does not {@linkplain parity.api.Trainable#trains train} this
     * block: reported, neither a pass nor a fail.
     *
     * @return true when the training block was left out
     */
    public boolean trainingNotCompared() {
        return fixture != null && fixture.training() != null && training == null && !pairs.isEmpty();
    }

    /**
     * Why training was not compared, e.g. {@code mlp does not implement Trainable}; null when it was.
     *
     * @return the reason, or null
     */
    public String trainingNotComparedBecause() {
        if (!trainingNotCompared()) {
            return null;
        }
        String candidate = primary().candidate().name();
        return primary().candidate() instanceof parity.api.Trainable
                ? candidate + " does not train this block (" + fixture.training().settings(fixture.samples()) + ")"
                : candidate + " does not implement Trainable";
    }

    /**
     * The verdict on the fixture: ERROR, SKIPPED, or PASS when every pair and every training comparison passes,
     * else FAIL.
     *
     * @return the status
     */
    public Status status() {
        if (error != null) {
            return Status.ERROR;
        }
        if (skippedBecause != null) {
            return Status.SKIPPED;
        }
        boolean passed = pairs.stream().allMatch(PairComparison::passed) && (training == null || training.passed())
                && recordedTraining.stream().allMatch(TrajectoryComparison::passed);
        return passed ? Status.PASS : Status.FAIL;
    }

    /**
     * The first training step of each side against finite differences' ({@link FirstStepOracle}): candidate,
     * then reference; empty unless a float64 fixture's training was compared.
     *
     * @return the first-step pairs
     */
    public List<PairComparison> firstStepPairs() {
        return pairs.stream().filter(p -> p.reference() instanceof FirstStepFromFiniteDifferences).toList();
    }

    /**
     * The fixture's name, or its source when it could not be read.
     *
     * @return the name
     */
    public String name() {
        return fixture == null ? source : fixture.name();
    }

    /**
     * core ↔ reference, the comparison the gate exists for; null for an ERROR.
     *
     * @return the first pair, or null
     */
    public PairComparison primary() {
        return pairs.isEmpty() ? null : pairs.get(0);
    }

    /**
     * Which side is wrong, when a third opinion was run (finite differences, recorded PyTorch values, or
     * both): the one that disagrees with all the others while they agree with each other is the odd one
     * out. Two opinions agree when every comparison between them passes: core and the reference on the
     * gradients and the training run; a side and finite differences on the gradients and the first step; a
     * side and the recorded values on the gradients and the recorded run. When every pair passes and only
     * training runs part, finite differences agree with all as far as they reach: the verdict is then the
     * training runs' own ({@link #trainingVerdict}, "in training, …"), or, with no recorded run, that core
     * and the reference part where finite differences cannot follow. Null with fewer than three opinions.
     *
     * @return the verdict in words, or null
     */
    public String verdict() {
        List<Agreement> agreements = new ArrayList<>();
        List<String> listing = new ArrayList<>();
        for (PairComparison pair : pairs) {
            agreements.add(new Agreement(pair.candidate(), opinion(pair.reference()), pair.passed()));
            listing.add(pair.label() + " " + (pair.passed() ? "PASS" : "FAIL"));
        }
        List<TrajectoryComparison> runs = new ArrayList<>();
        if (training != null) {
            runs.add(training);
        }
        runs.addAll(recordedTraining);
        for (TrajectoryComparison run : runs) {
            agreements.add(new Agreement(run.candidate(), run.reference(), run.passed()));
            listing.add(trainingLabel(run) + " " + (run.passed() ? "PASS" : "FAIL"));
        }
        boolean onlyTrainingParts = pairs.stream().allMatch(PairComparison::passed)
                && runs.stream().anyMatch(run -> !run.passed());
        if (onlyTrainingParts && !recordedTraining.isEmpty()) {
            // Finite differences agree with every side as far as they reach: the runs alone can tell.
            return "in training, " + trainingVerdict();
        }
        boolean numericRan = pairs.stream().anyMatch(p -> p.reference() instanceof FiniteDifferences);
        if (onlyTrainingParts && numericRan) {
            String candidate = primary().candidate().name();
            return candidate + " and the " + primary().reference().name() + " part in training at step "
                    + training.firstFailingStep() + ", where finite differences cannot follow: both agree with them "
                    + "on the gradients and the first step";
        }
        return verdict(combined(agreements), String.join(", ", listing));
    }

    /**
     * The same among the training runs alone, when a recorded run makes a third: null without one.
     *
     * @return the verdict in words, or null
     */
    public String trainingVerdict() {
        if (training == null || recordedTraining.isEmpty()) {
            return null;
        }
        List<TrajectoryComparison> runs = new ArrayList<>(List.of(training));
        runs.addAll(recordedTraining);
        List<Agreement> agreements = new ArrayList<>();
        for (TrajectoryComparison run : runs) {
            agreements.add(new Agreement(run.candidate(), run.reference(), run.passed()));
        }
        return verdict(agreements, runs.stream()
                .map(r -> trainingLabel(r) + " " + (r.passed() ? "PASS" : "FAIL"))
                .collect(Collectors.joining(", ")));
    }

    private static String trainingLabel(TrajectoryComparison run) {
        return "training " + run.candidate().name() + " ↔ " + run.reference().name();
    }

    /** The first step from finite differences is finite differences' opinion, as their gradients are. */
    private static Implementation opinion(Implementation side) {
        return side instanceof Oracle oracle ? oracle.opinion() : side;
    }

    /** One agreement per two opinions, in the order first met: they agree when every comparison of them passed. */
    private static List<Agreement> combined(List<Agreement> agreements) {
        List<Agreement> combined = new ArrayList<>();
        for (Agreement agreement : agreements) {
            int at = -1;
            for (int i = 0; i < combined.size(); i++) {
                if (combined.get(i).between(agreement)) {
                    at = i;
                }
            }
            if (at < 0) {
                combined.add(agreement);
            } else {
                Agreement known = combined.get(at);
                combined.set(at, new Agreement(known.a(), known.b(), known.passed() && agreement.passed()));
            }
        }
        return combined;
    }

    /** Whether two opinions agreed on one comparison. */
    private record Agreement(Implementation a, Implementation b, boolean passed) {
        boolean involves(Implementation side) {
            return a == side || b == side;
        }

        /** Whether the other is about the same two opinions, in either order. */
        boolean between(Agreement other) {
            return involves(other.a()) && involves(other.b());
        }
    }

    private static String verdict(List<Agreement> agreements, String listing) {
        List<Implementation> sides = new ArrayList<>();
        for (Agreement agreement : agreements) {
            for (Implementation side : List.of(agreement.a(), agreement.b())) {
                if (!sides.contains(side)) {
                    sides.add(side);
                }
            }
        }
        if (sides.size() < 3) {
            return null;
        }
        if (agreements.stream().allMatch(Agreement::passed)) {
            return listed(sides.stream().map(FixtureComparison::bareName).toList()) + " agree";
        }
        for (int i = 0; i < sides.size(); i++) {
            Implementation odd = sides.get(i);
            boolean isOdd = agreements.stream().allMatch(a -> a.involves(odd) != a.passed());
            if (!isOdd) {
                continue;
            }
            List<String> others = new ArrayList<>();
            for (int j = 0; j < sides.size(); j++) {
                if (j != i) {
                    others.add(articled(sides.get(j), j));
                }
            }
            String oddName = articled(odd, i);
            if (isOracle(odd)) {
                String verb = ((Oracle) odd).plural() ? " disagree with " : " disagrees with ";
                return oddName + verb + listed(others) + ", which agree with each other";
            }
            return oddName + " is wrong: " + listed(others) + " agree, " + oddName + " disagrees with "
                    + (others.size() == 2 ? "both" : others.size() == 3 ? "all three" : "all " + others.size());
        }
        return "no side is the odd one out: " + listing;
    }

    /** An oracle a verdict does not find wrong, only in disagreement: finite differences, recorded values. */
    private static boolean isOracle(Implementation side) {
        return side instanceof Oracle oracle && !oracle.judged();
    }

    /**
     * How an opinion is named in a list of all of them: {@code core}, {@code reference}, {@code finite differences},
     * {@code the reference in float64}.
     */
    private static String bareName(Implementation side) {
        return side instanceof Oracle oracle ? oracle.verdictName() : side.name();
    }

    /** In a sentence: the candidate (first) bare, the other implementations with "the". */
    private static String articled(Implementation side, int position) {
        return isOracle(side) || position == 0 ? bareName(side) : "the " + side.name();
    }

    /** {@code a and b}, {@code a, b and c}. */
    private static String listed(List<String> names) {
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }
}
