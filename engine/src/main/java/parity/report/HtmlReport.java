package parity.report;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import parity.api.Fixture;
import parity.api.Tensor;
import parity.compare.FailureMessage;
import parity.compare.FixtureComparison;
import parity.compare.PairComparison;
import parity.compare.Status;
import parity.compare.StepDiff;
import parity.compare.TensorDiff;
import parity.compare.TrajectoryComparison;
import parity.numeric.SkippedElement;

/**
 * {@code index.html}: the Markdown report for the eye, in one self-contained file (no script, font,
 * style sheet or image from anywhere else, so it opens from disk with no network). At the top the
 * summary and the fixtures that failed or could not run, each with its first divergence and the three
 * oracles' verdict; then per fixture its pairs' tables with a heatmap per tensor of the error ratio
 * {@code |a - b| / (atol + rtol * |b|)} ({@link Heatmap}, {@link ErrorScale}) for core ↔ reference and every
 * failing pair (the first-step pairs' tensors are the step directions ΔW1, …), a chart per training run, core ↔ reference and each side against a
 * recorded run ({@link TrainingChart}), float32's precision cost marked as not gating, and the failure message.
 * The same input gives the same bytes: no timestamps, ids from names and positions.
 */
public final class HtmlReport {

    private static final String STYLE = """
            body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222;max-width:1400px}
            h1{margin:0 0 .3em}h2{margin-top:2em;border-bottom:2px solid #ccc}
            summary h3{display:inline;margin:0}details{margin:.6em 0}summary{cursor:pointer}
            table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}
            .FAIL{color:#b00;font-weight:bold}.ERROR{color:#a50;font-weight:bold}.PASS{color:#070}.SKIPPED{color:#666}
            .attention{border:2px solid #de2d26;padding:.2em 1em;background:#fff5f0}
            .attention dl{margin:.2em 0 .8em}.attention dt{font-weight:bold}.attention dd{margin-left:1.5em}.attention dd.rule{font-weight:bold}
            pre{background:#f4f4f4;padding:.5em;overflow-x:auto;white-space:pre-wrap}
            .maps{display:flex;flex-wrap:wrap;gap:14px;align-items:flex-start}
            figure.heatmap{margin:0;width:min-content;min-width:170px}figure.heatmap svg{border:1px solid #888;display:block;shape-rendering:crispEdges}g.worst rect{fill:none;vector-effect:non-scaling-stroke}rect.halo{stroke:#fff;stroke-width:4}rect.outline{stroke:#000;stroke-width:2}
            figcaption{font-size:11px;word-break:break-word}.nomap{color:#b00}
            """;

    private HtmlReport() {
    }

    /**
     * Writes the HTML report of a run.
     *
     * @param comparisons one per fixture, in suite order
     * @param out where the report goes
     * @throws IOException when writing fails
     */
    public static void write(List<FixtureComparison> comparisons, Writer out) throws IOException {
        String summary = Summary.of(comparisons);
        out.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Parity report: "
                + Html.text(summary) + "</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n");
        out.write("<h1>Parity report</h1>\n<p>An element passes when |a - b| &lt;= atol + rtol * |b|, b being the "
                + "pair's reference. The heatmaps colour each element's error ratio |a - b| / (atol + rtol * |b|) "
                + "on a log scale: blues within tolerance (≤ 1), reds out of it (&gt; 1); the outlined cell holds "
                + "the greatest ratio.</p>\n");
        out.write("<p class=\"summary\"><b>" + Html.text(summary) + "</b></p>\n");
        writeAttention(comparisons, out);
        writeIndex(comparisons, out);
        for (int i = 0; i < comparisons.size(); i++) {
            writeFixture(comparisons.get(i), id(i, comparisons.get(i)), out);
        }
        out.write("</body>\n</html>\n");
    }

    /** The fixtures that failed, then those in error: what a reader came for. */
    private static void writeAttention(List<FixtureComparison> comparisons, Writer out) throws IOException {
        List<Integer> failing = new ArrayList<>();
        for (Status status : List.of(Status.FAIL, Status.ERROR)) {
            for (int i = 0; i < comparisons.size(); i++) {
                if (comparisons.get(i).status() == status) {
                    failing.add(i);
                }
            }
        }
        if (failing.isEmpty()) {
            return;
        }
        out.write("<section class=\"attention\">\n<h2>Failing and in error</h2>\n<dl>\n");
        for (int i : failing) {
            FixtureComparison comparison = comparisons.get(i);
            out.write("<dt><a href=\"#" + id(i, comparison) + "\">" + Html.text(comparison.name()) + "</a> <span class=\""
                    + comparison.status() + "\">" + comparison.status() + "</span></dt>\n");
            if (comparison.status() == Status.ERROR) {
                out.write("<dd>" + Html.text(comparison.error()) + "</dd>\n");
                continue;
            }
            out.write("<dd class=\"rule\">broken rule: " + Html.text(FailureMessage.brokenRule(comparison)) + "</dd>\n");
            out.write("<dd>first divergence: " + Html.text(FailureMessage.firstDivergence(comparison)) + "</dd>\n");
            out.write("<dd>verdict: " + Html.text(FailureMessage.verdict(comparison)) + "</dd>\n");
            out.write("<dd>oracles: " + Html.text(comparison.pairs().stream()
                    .map(p -> p.label() + " " + (p.passed() ? "PASS" : "FAIL")).collect(Collectors.joining(", ")))
                    + trainingVerdict(comparison) + "</dd>\n");
        }
        out.write("</dl>\n</section>\n");
    }

    /** {@code ; training PASS; training core ↔ recorded FAIL at step 3; …}: each training run's outcome. */
    private static String trainingVerdict(FixtureComparison comparison) {
        StringBuilder text = new StringBuilder();
        TrajectoryComparison training = comparison.training();
        if (training != null) {
            text.append("; training ").append(outcome(training));
        }
        for (TrajectoryComparison run : comparison.recordedTraining()) {
            text.append("; training ").append(run.candidate().name()).append(" ↔ ").append(run.reference().name())
                    .append(" ").append(outcome(run));
        }
        return Html.text(text.toString());
    }

    private static String outcome(TrajectoryComparison run) {
        return run.passed() ? "PASS" : "FAIL at step " + run.firstFailingStep();
    }

    private static void writeIndex(List<FixtureComparison> comparisons, Writer out) throws IOException {
        out.write("<table class=\"fixtures\">\n<tr><th>fixture</th><th>status</th><th>dtype</th><th>layers</th>"
                + "<th>rtol</th><th>atol</th><th>verdict</th></tr>\n");
        for (int i = 0; i < comparisons.size(); i++) {
            FixtureComparison comparison = comparisons.get(i);
            Fixture fixture = comparison.fixture();
            out.write("<tr><td><a href=\"#" + id(i, comparison) + "\">" + Html.text(comparison.name()) + "</a></td>"
                    + status(comparison.status().name()));
            if (fixture == null) {
                out.write("<td></td><td></td><td></td><td></td>");
            } else {
                out.write("<td>" + fixture.dtype().jsonName() + "</td><td>" + layers(fixture) + "</td><td>"
                        + fixture.tolerance().rtol() + "</td><td>" + fixture.tolerance().atol() + "</td>");
            }
            out.write("<td>" + (comparison.verdict() == null ? "" : Html.text(comparison.verdict())) + "</td></tr>\n");
        }
        out.write("</table>\n");
    }

    private static void writeFixture(FixtureComparison comparison, String id, Writer out) throws IOException {
        out.write("<section class=\"fixture\" id=\"" + id + "\" data-fixture=\"" + Html.text(comparison.name())
                + "\" data-status=\"" + comparison.status() + "\">\n<h2>" + Html.text(comparison.name()) + ": <span class=\""
                + comparison.status() + "\">" + comparison.status() + "</span></h2>\n");
        out.write("<p>Source: <code>" + Html.text(comparison.source()) + "</code></p>\n");
        if (comparison.status() == Status.FAIL) {
            out.write("<pre class=\"summary\">" + Html.text(FailureMessage.summary(comparison)) + "</pre>\n");
        }
        if (comparison.status() == Status.ERROR) {
            out.write("<pre class=\"error\">" + Html.text(FailureMessage.of(comparison)) + "</pre>\n");
        }
        if (comparison.skippedBecause() != null) {
            out.write("<p>Not run: " + Html.text(comparison.skippedBecause()) + ".</p>\n");
        }
        TrajectoryComparison training = comparison.training();
        if (training != null) {
            writeTraining(training, comparison.fixture(), out);
        }
        for (TrajectoryComparison run : comparison.recordedTraining()) {
            writeTraining(run, comparison.fixture(), out);
        }
        if (!comparison.pairs().isEmpty()) {
            out.write(ErrorScale.legend() + "\n");
        }
        for (PairComparison pair : comparison.pairs()) {
            // Heatmaps for core ↔ reference, and for any other pair where it fails: a passing oracle's
            // ratios add nothing to look at, and the suite's report stays within its size bound.
            writePair(pair, "", pair == comparison.primary() || !pair.passed(), out);
        }
        if (training != null && training.recheck() != null) {
            writePair(training.recheck(), "at training step " + training.recheckStep() + "'s parameters: ", true, out);
        }
        if (!comparison.skipped().isEmpty()) {
            out.write("<p>Skipped by finite differences (neither pass nor fail):</p>\n<ul>\n");
            for (SkippedElement skipped : comparison.skipped()) {
                out.write("<li>" + Html.text(skipped.tensor() + skipped.index() + ": " + skipped.reason()) + "</li>\n");
            }
            out.write("</ul>\n");
        }
        if (comparison.trainingNotCompared()) {
            out.write("<p>Training not compared: " + Html.text(comparison.trainingNotComparedBecause()) + ".</p>\n");
        }
        if (comparison.status() == Status.FAIL) {
            out.write("<pre class=\"details\">" + Html.text(FailureMessage.details(comparison)) + "</pre>\n");
        }
        out.write("</section>\n");
    }

    /**
     * A pair: its heading and first divergence, then per tensor a heatmap, then its table. A passing
     * pair is folded away: the failing ones are what a reader looks at first.
     */
    private static void writePair(PairComparison pair, String prefix, boolean maps, Writer out) throws IOException {
        String status = pair.passed() ? "PASS" : "FAIL";
        out.write("<div class=\"pair\" data-pair=\"" + Html.text(pair.label()) + "\" data-status=\"" + status + "\">\n");
        out.write("<details" + (pair.passed() ? "" : " open") + "><summary><h3>" + Html.text(prefix + pair.label())
                + ": <span class=\"" + status + "\">" + status + "</span> (" + Html.text(pair.allowance()) + ")</h3></summary>\n");
        if (pair.firstDivergence() != null) {
            out.write("<p>First divergence: " + Html.text(pair.firstDivergence()) + "</p>\n");
        }
        List<TensorDiff> rows = new ArrayList<>(pair.forward());
        rows.addAll(pair.tensors());
        if (maps) {
            out.write("<div class=\"maps\">\n");
            for (TensorDiff tensor : rows) {
                out.write(Heatmap.figure(tensor, pair) + "\n");
            }
            out.write("</div>\n");
        }
        out.write("<table class=\"tensors\">\n<tr><th>tensor</th><th>shape</th><th>status</th>"
                + "<th>out of tolerance / compared</th><th>max abs diff</th><th>at</th><th>max rel diff</th><th>at</th>"
                + "<th>smallest passing rtol</th></tr>\n");
        for (TensorDiff tensor : rows) {
            out.write("<tr><td>" + Html.text(tensor.tensor()) + "</td><td>" + Tensor.shapeText(tensor.referenceShape())
                    + "</td>" + status(tensor.status()) + "<td>" + tensor.mismatched() + " / " + tensor.compared() + "</td>");
            if (tensor.hasElements()) {
                out.write("<td>" + Brief.number(tensor.maxAbs().abs()) + "</td><td>" + tensor.maxAbs().index()
                        + "</td><td>" + Brief.number(tensor.maxRel().rel()) + "</td><td>" + tensor.maxRel().index() + "</td>");
            } else {
                out.write("<td></td><td></td><td></td><td></td>");
            }
            out.write("<td>" + Brief.number(tensor.smallestPassingRtol()) + "</td></tr>\n");
        }
        out.write("</table>\n</details>\n</div>\n");
    }

    private static void writeTraining(TrajectoryComparison training, Fixture fixture, Writer out) throws IOException {
        String verdict = training.passed() ? "PASS" : "FAIL";
        out.write("<h3>training " + Html.text(training.candidate().name() + " ↔ " + training.reference().name())
                + ": <span class=\"" + verdict + "\">" + (training.passed() ? "PASS" : "FAIL at step "
                + training.firstFailingStep()) + "</span> (" + Html.text(fixture.training().settings(fixture.samples()))
                + ", " + fixture.training().steps() + " steps; step k allows rtol·(1+k), atol·(1+k))</h3>\n");
        if (training.uncompared() != null) {
            out.write("<p>" + Html.text(training.uncompared()) + ".</p>\n");
        }
        out.write(TrainingChart.svg(training) + "\n");
        out.write("<details><summary>per step</summary>\n"
                + "<table class=\"steps\">\n<tr><th>step</th><th>status</th><th>loss ("
                + Html.text(training.candidate().name()) + ")</th><th>loss (" + Html.text(training.reference().name())
                + ")</th><th>max abs diff</th><th>max rel diff</th></tr>\n");
        for (StepDiff step : training.steps()) {
            out.write("<tr><td>" + step.step() + "</td>" + status(step.passed() ? "PASS" : "FAIL") + "<td>"
                    + step.tensors().get(0).worst().candidate() + "</td><td>" + step.tensors().get(0).worst().reference()
                    + "</td><td>" + Brief.number(step.maxAbs()) + "</td><td>" + Brief.number(step.maxRel()) + "</td></tr>\n");
        }
        out.write("</table>\n</details>\n");
    }

    private static String status(String status) {
        return "<td class=\"" + status.replace(' ', '-') + "\">" + status + "</td>";
    }

    static String id(int ordinal, FixtureComparison comparison) {
        return Html.id("fixture-", ordinal + 1, comparison.name());
    }

    private static String layers(Fixture fixture) {
        return Arrays.stream(fixture.layers()).mapToObj(Integer::toString).collect(Collectors.joining("→"));
    }
}
