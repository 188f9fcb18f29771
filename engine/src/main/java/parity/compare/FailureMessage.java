package parity.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import parity.api.Implementation;
import parity.api.Tensor;
import parity.api.Tolerance;

/**
 * Builds every parity failure message, in one place, so that the JUnit gate, the command-line tool and
 * the reports say the same thing. A failing fixture's message opens with its summary, then gives each
 * failing pair's tolerance once and its tensors out of tolerance, in the order the network computes
 * them (core's tanh' broken on purpose, on three-hidden-tanh):
 *
 * <pre>
 * three-hidden-tanh: FAIL
 *   verdict: core is wrong: the reference and finite differences agree, core disagrees with both
 *   broken rule: δ_3 = (δ_4·W_4) ⊙ f'(z_3) (the product with W_4 or the activation derivative)
 *   first divergence: dW3 (layer 3, backward); forward pass agrees
 *   failing tensors: core ↔ reference 6 of 17, core ↔ numeric 6 of 9, reference ↔ numeric 0 of 9
 * core ↔ reference: allowed |a - b| &lt;= atol + rtol * |b| with rtol 1.0E-7, atol 1.0E-7; a = core (…), b = reference (…)
 *   dW3: 24 / 24 elements out of tolerance
 *     greatest absolute difference 0.13555655824853965 at [1][0]: core -0.1425104476403327, reference -0.006953889391793035
 *     greatest relative difference 66.83812027127216 at [1][2]: core -0.06895538933689772, reference 0.0010473474797394202
 *     smallest rtol that would pass at atol 1.0E-7: 66.83802479197618
 *   db3: …
 * </pre>
 * A dynamic test's message is the same summary headed by the test's name, then only the tensors it
 * checks. A fixture that could not be compared (ERROR) has its one-line reason as its message.
 */
public final class FailureMessage {

    private FailureMessage() {
    }

    /**
     * The summary, then every failing pair and training run; the error line of an ERROR; null unless it failed.
     *
     * @param comparison everything checked on one fixture
     * @return the message, or null
     */
    public static String of(FixtureComparison comparison) {
        if (comparison.status() == Status.ERROR) {
            return comparison.error();
        }
        if (comparison.status() != Status.FAIL) {
            return null;
        }
        return summary(comparison) + "\n" + details(comparison);
    }

    /**
     * The summary block of a failing fixture, headed by its name; null unless it failed.
     *
     * @param comparison everything checked on one fixture
     * @return the summary, or null
     */
    public static String summary(FixtureComparison comparison) {
        return comparison.status() == Status.FAIL ? summary(comparison, comparison.name()) : null;
    }

    /**
     * Every failing pair with its tolerance and its tensors out of tolerance, then the training run's first failing step.
     *
     * @param comparison everything checked on one fixture
     * @return the details, one part per failing pair or run; empty when nothing failed
     */
    public static String details(FixtureComparison comparison) {
        List<String> parts = new ArrayList<>();
        for (PairComparison pair : comparison.pairs()) {
            if (!pair.passed()) {
                parts.add(pair(pair, "", pair.inDivergenceOrder()));
            }
        }
        TrajectoryComparison training = comparison.training();
        if (training != null && !training.passed()) {
            parts.add(training(comparison, training));
        }
        for (TrajectoryComparison run : comparison.recordedTraining()) {
            if (!run.passed()) {
                parts.add(training(comparison, run));
            }
        }
        return String.join("\n", parts);
    }

    /**
     * The message of a dynamic test that checks {@code tensors} of {@code pair}: the fixture's summary
     * headed by the test's name, then those of the tensors that are out of tolerance; null when none is.
     *
     * @param comparison everything checked on one fixture
     * @param test the dynamic test's name
     * @param pair the pair the test checks
     * @param tensors the tensors of the pair the test checks
     * @return the message, or null
     */
    public static String test(FixtureComparison comparison, String test, PairComparison pair, List<TensorDiff> tensors) {
        if (tensors.stream().allMatch(TensorDiff::passed)) {
            return null;
        }
        return summary(comparison, test) + "\n" + pair(pair, "", tensors);
    }

    /**
     * One line for a dynamic test of a fixture whose summary another test's message already gives
     * ({@code first}): the test's name, its first tensor out of tolerance with its count and greatest absolute
     * difference, and where the summary is; null when every tensor passed.
     * <pre>
     * seed-blog › mlp ↔ numeric › dW2: FAIL: 20 / 20 elements out of tolerance, greatest |a - b| 0.3 at [4][0] (mlp 0.4, numeric 0.7); summary under seed-blog › mlp ↔ reference › dW2
     * </pre>
     *
     * @param test the dynamic test's name
     * @param pair the pair it checks
     * @param tensors the tensors it checks
     * @param first the name of the fixture's test whose message gives the summary
     * @return the line, or null
     */
    public static String line(String test, PairComparison pair, List<TensorDiff> tensors, String first) {
        TensorDiff diff = tensors.stream().filter(t -> !t.passed()).findFirst().orElse(null);
        if (diff == null) {
            return null;
        }
        String what;
        if (!diff.shapesAgree()) {
            what = "shape " + Tensor.shapeText(diff.candidateShape()) + " from " + pair.candidate().name() + ", "
                    + Tensor.shapeText(diff.referenceShape()) + " from " + pair.reference().name();
        } else {
            ElementDiff worst = diff.worstAbsMismatch();
            what = (tensors.size() > 1 ? diff.tensor() + " " : "") + diff.mismatched() + " / " + diff.compared()
                    + " elements out of tolerance, greatest |a - b| " + worst.abs()
                    + (worst.index().isEmpty() ? "" : " at " + worst.index()) + " (" + pair.candidate().name() + " "
                    + worst.candidate() + ", " + pair.reference().name() + " " + worst.reference() + ")";
        }
        return test + ": FAIL: " + what + "; summary under " + first;
    }

    /**
     * One line for a failing training test whose fixture's summary is under {@code first}.
     *
     * @param test the dynamic test's name
     * @param training the training comparison it checks
     * @param first the name of the fixture's test whose message gives the summary
     * @return the line, or null when the training passed
     */
    public static String trainingLine(String test, TrajectoryComparison training, String first) {
        if (training == null || training.passed()) {
            return null;
        }
        return test + ": FAIL from step " + training.firstFailingStep() + " of " + (training.steps().size() - 1)
                + "; summary under " + first;
    }

    /**
     * The rule the diagnosis names broken, in docs/network.md's notation: {@code δ_2 = ∂data/∂z_2 (the loss
     * derivative, with its 1/N)}.
     *
     * @param comparison a failing fixture's comparison
     * @return the rule or rules, or why none is named
     */
    public static String brokenRule(FixtureComparison comparison) {
        return Diagnosis.of(comparison).text();
    }

    /**
     * The message of the dynamic test of the training run, headed by its name; null when training passed.
     *
     * @param comparison everything checked on one fixture
     * @param test the dynamic test's name
     * @return the message, or null
     */
    public static String trainingTest(FixtureComparison comparison, String test) {
        return trainingTest(comparison, test, comparison.training());
    }

    /**
     * The message of the dynamic test of one training comparison (the fixture's, or a side's against the
     * recorded run), headed by its name; null when it passed.
     *
     * @param comparison everything checked on one fixture
     * @param test the dynamic test's name
     * @param training the training comparison the test checks, or null
     * @return the message, or null
     */
    public static String trainingTest(FixtureComparison comparison, String test, TrajectoryComparison training) {
        if (training == null || training.passed()) {
            return null;
        }
        return summary(comparison, test) + "\n" + training(comparison, training);
    }

    /**
     * Which side is wrong: the oracles' verdict when finite differences or recorded PyTorch values
     * decided it (for training, the recorded run); otherwise that no third oracle did (a float32
     * fixture, or a training run, which finite differences do not cover).
     *
     * @param comparison a failing fixture's comparisons
     * @return the verdict, in words
     */
    public static String verdict(FixtureComparison comparison) {
        PairComparison primary = comparison.primary();
        String candidate = primary.candidate().name();
        String reference = primary.reference().name();
        if (comparison.pairs().stream().allMatch(PairComparison::passed)) {
            if (comparison.trainingVerdict() != null) {
                return "in training, " + comparison.trainingVerdict();
            }
            return candidate + " and the " + reference + " part in training, where finite differences do not run: "
                    + "no third oracle tells which is wrong";
        }
        if (comparison.verdict() == null) {
            return candidate + " and the " + reference + " disagree; finite differences run on float64 fixtures only: "
                    + "no third oracle tells which is wrong";
        }
        return comparison.verdict();
    }

    /**
     * Where the two sides first part: core ↔ reference's first divergence; when they agree there, the
     * training run's first failing step and what the gradients at its parameters say; else the first
     * failing pair's.
     *
     * @param comparison a failing fixture's comparisons
     * @return the first divergence, in words
     */
    public static String firstDivergence(FixtureComparison comparison) {
        PairComparison primary = comparison.primary();
        if (!primary.passed()) {
            return primary.firstDivergence();
        }
        TrajectoryComparison training = comparison.training();
        if (training != null && !training.passed()) {
            StepDiff step = training.steps().get(training.firstFailingStep());
            String failing = step.tensors().stream().filter(t -> !t.passed()).map(TensorDiff::tensor)
                    .collect(Collectors.joining(", "));
            String where = "training step " + step.step() + " of " + (training.steps().size() - 1) + ": " + failing;
            PairComparison recheck = training.recheck();
            return recheck == null || recheck.passed() ? where
                    : where + "; at step " + training.recheckStep() + "'s parameters: " + recheck.firstDivergence();
        }
        PairComparison failing = comparison.pairs().stream().filter(p -> !p.passed()).findFirst().orElse(null);
        if (failing != null) {
            return failing.label() + ": " + failing.firstDivergence();
        }
        TrajectoryComparison run = comparison.recordedTraining().stream().filter(r -> !r.passed()).findFirst()
                .orElseThrow();
        return "training " + run.candidate().name() + " ↔ " + run.reference().name() + " " + where(run);
    }

    /** {@code step 3 of 10: loss, W1}: a failing run's first failing step and what fails there. */
    private static String where(TrajectoryComparison training) {
        StepDiff step = training.steps().get(training.firstFailingStep());
        String failing = step.tensors().stream().filter(t -> !t.passed()).map(TensorDiff::tensor)
                .collect(Collectors.joining(", "));
        return "step " + step.step() + " of " + (training.steps().size() - 1) + ": " + failing;
    }

    /** {@code core ↔ reference 6 of 19, core ↔ numeric 6 of 9, …; training: 4 of 11 steps}. */
    private static String failingTensors(FixtureComparison comparison) {
        String pairs = comparison.pairs().stream()
                .map(p -> p.label() + " " + failing(p.inDivergenceOrder()) + " of " + p.inDivergenceOrder().size())
                .collect(Collectors.joining(", "));
        TrajectoryComparison training = comparison.training();
        if (training == null) {
            return pairs;
        }
        long steps = training.steps().stream().filter(s -> !s.passed()).count();
        StringBuilder text = new StringBuilder(pairs + "; training: " + steps + " of " + training.steps().size()
                + " steps");
        for (TrajectoryComparison run : comparison.recordedTraining()) {
            text.append("; training ").append(run.candidate().name()).append(" ↔ ").append(run.reference().name())
                    .append(": ").append(run.steps().stream().filter(s -> !s.passed()).count()).append(" of ")
                    .append(run.steps().size()).append(" steps");
        }
        return text.toString();
    }

    private static long failing(List<TensorDiff> tensors) {
        return tensors.stream().filter(t -> !t.passed()).count();
    }

    private static String summary(FixtureComparison comparison, String heading) {
        return heading + ": FAIL"
                + "\n  verdict: " + verdict(comparison)
                + "\n  broken rule: " + brokenRule(comparison)
                + "\n  first divergence: " + firstDivergence(comparison)
                + "\n  failing tensors: " + failingTensors(comparison);
    }

    /** The first failing step of a training run, and the gradients at the parameters that decide it when they differ. */
    private static String training(FixtureComparison comparison, TrajectoryComparison training) {
        StepDiff step = training.steps().get(training.firstFailingStep());
        Tolerance allowed = TrajectoryComparison.toleranceAtStep(training.tolerance(), step.step());
        String text = "training " + training.candidate().name() + " ↔ " + training.reference().name() + ", step "
                + step.step() + " of " + (training.steps().size() - 1) + ": "
                + rule(allowed, training.candidate(), training.reference())
                + " (the fixture's tolerance × (1 + " + step.step() + "))"
                + tensors(step.tensors(), training.candidate(), training.reference(), allowed);
        PairComparison recheck = training.recheck();
        if (recheck != null && !recheck.passed()) {
            text += "\n" + pair(recheck, " at step " + training.recheckStep() + "'s parameters",
                    recheck.inDivergenceOrder());
        }
        return text;
    }

    /** A pair's tolerance sentence, once, then those of {@code tensors} that are out of tolerance. */
    private static String pair(PairComparison pair, String where, List<TensorDiff> tensors) {
        String rule = pair.bound() == null ? rule(pair.tolerance(), pair.candidate(), pair.reference())
                : "allowed |a - b| <= " + pair.bound().rule() + sides(pair.candidate(), pair.reference());
        return pair.label() + where + ": " + rule + tensors(tensors, pair.candidate(), pair.reference(), pair.tolerance());
    }

    private static String rule(Tolerance tolerance, Implementation a, Implementation b) {
        return "allowed |a - b| <= atol + rtol * |b| with rtol " + tolerance.rtol() + ", atol " + tolerance.atol()
                + sides(a, b);
    }

    private static String sides(Implementation a, Implementation b) {
        return "; a = " + a.name() + " (" + a.description() + "), b = " + b.name() + " (" + b.description() + ")";
    }

    private static String tensors(List<TensorDiff> tensors, Implementation a, Implementation b, Tolerance tolerance) {
        StringBuilder text = new StringBuilder();
        for (TensorDiff diff : tensors) {
            if (!diff.passed()) {
                text.append("\n  ").append(tensor(diff, a, b, tolerance));
            }
        }
        return text.toString();
    }

    private static String tensor(TensorDiff diff, Implementation a, Implementation b, Tolerance tolerance) {
        String title = diff.tensor() + ": ";
        if (!diff.shapesAgree()) {
            return title + "shape " + Tensor.shapeText(diff.candidateShape()) + " from " + a.name() + ", "
                    + Tensor.shapeText(diff.referenceShape()) + " from " + b.name();
        }
        String counts = title + diff.mismatched() + " / " + diff.compared() + " elements out of tolerance";
        String extremes = "\n    greatest absolute difference " + element(diff.worstAbsMismatch().abs(), diff.worstAbsMismatch(), a, b)
                + "\n    greatest relative difference " + element(diff.worstRelMismatch().rel(), diff.worstRelMismatch(), a, b);
        if (diff.bounded()) {
            ElementDiff worst = diff.worst();
            return counts + extremes + "\n    farthest beyond its allowance " + (worst.abs() / diff.worstAllowed()) + "×"
                    + (worst.index().isEmpty() ? "" : " at " + worst.index()) + ": |a - b| " + worst.abs()
                    + ", allowed here " + diff.worstAllowed();
        }
        // A directional derivative (dW1·u1) carries its own atol, the rounding bound of its estimate.
        Tolerance own = diff.tolerance();
        String allowed = own.equals(tolerance) ? "" : " (allowed here: rtol " + own.rtol() + ", atol " + own.atol() + ")";
        return counts + allowed + extremes
                + "\n    smallest rtol that would pass at atol " + own.atol() + ": "
                + (Double.isInfinite(diff.smallestPassingRtol()) ? "none" : diff.smallestPassingRtol());
    }

    private static String element(double measure, ElementDiff element, Implementation a, Implementation b) {
        String at = element.index().isEmpty() ? "" : " at " + element.index();
        return measure + at + ": " + a.name() + " " + element.candidate() + ", " + b.name() + " " + element.reference();
    }
}
