package parity.report;

import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * {@code parity-report.md}: the JSON report as tables a person reads. A failing fixture's section opens
 * with the summary of its failure message and ends with the message's details.
 */
public final class MarkdownReport {

    private MarkdownReport() {
    }

    /**
     * Writes the Markdown report of a run.
     *
     * @param comparisons one per fixture, in suite order
     * @param out where the report goes
     * @throws IOException when writing fails
     */
    public static void write(List<FixtureComparison> comparisons, Writer out) throws IOException {
        out.write("# Parity report\n\n");
        out.write("An element passes when |a - b| <= atol + rtol * |b|, b being the pair's reference"
                + implementations(comparisons) + ".\n\n");
        out.write(Summary.of(comparisons) + "\n\n");
        out.write("| fixture | status | dtype | layers | rtol | atol | verdict |\n");
        out.write("|---|---|---|---|---|---|---|\n");
        for (FixtureComparison comparison : comparisons) {
            Fixture fixture = comparison.fixture();
            String details = fixture == null ? " | | | " : fixture.dtype().jsonName() + " | " + layers(fixture)
                    + " | " + fixture.tolerance().rtol() + " | " + fixture.tolerance().atol();
            String verdict = comparison.verdict() == null ? "" : comparison.verdict();
            out.write("| " + comparison.name() + " | " + comparison.status() + " | " + details + " | " + verdict + " |\n");
        }
        for (FixtureComparison comparison : comparisons) {
            writeFixture(comparison, out);
        }
    }

    /** {@code : core = hand-written backprop on ND4J, reference = …}: each side compared, in order of appearance. */
    private static String implementations(List<FixtureComparison> comparisons) {
        Map<String, String> sides = new LinkedHashMap<>();
        for (FixtureComparison comparison : comparisons) {
            for (PairComparison pair : comparison.pairs()) {
                sides.putIfAbsent(pair.candidate().name(), pair.candidate().description());
                sides.putIfAbsent(pair.reference().name(), pair.reference().description());
            }
        }
        return sides.isEmpty() ? "" : ": " + sides.entrySet().stream()
                .map(side -> side.getKey() + " = " + side.getValue()).collect(Collectors.joining(", "));
    }

    private static void writeFixture(FixtureComparison comparison, Writer out) throws IOException {
        out.write("\n## " + comparison.name() + ": " + comparison.status() + "\n\n");
        out.write("Source: `" + comparison.source() + "`\n");
        if (comparison.status() == Status.FAIL) {
            out.write("\n```text\n" + FailureMessage.summary(comparison) + "\n```\n");
        }
        if (comparison.skippedBecause() != null) {
            out.write("\nNot run: " + comparison.skippedBecause() + ".\n");
        }
        for (PairComparison pair : comparison.pairs()) {
            writePair(pair, "", out);
        }
        if (!comparison.skipped().isEmpty()) {
            out.write("\nSkipped by finite differences (neither pass nor fail):\n\n");
            for (SkippedElement skipped : comparison.skipped()) {
                out.write("- " + skipped.tensor() + skipped.index() + ": " + skipped.reason() + "\n");
            }
        }
        if (comparison.training() != null) {
            writeTraining(comparison.training(), comparison.fixture(), out);
        }
        for (TrajectoryComparison run : comparison.recordedTraining()) {
            writeTraining(run, comparison.fixture(), out);
        }
        if (comparison.trainingNotCompared()) {
            out.write("\nTraining not compared: " + comparison.trainingNotComparedBecause() + ".\n");
        }
        if (comparison.status() == Status.FAIL) {
            out.write("\n```text\n" + FailureMessage.details(comparison) + "\n```\n");
        }
        if (comparison.status() == Status.ERROR) {
            out.write("\n```text\n" + FailureMessage.of(comparison) + "\n```\n");
        }
    }

    private static void writePair(PairComparison pair, String prefix, Writer out) throws IOException {
        out.write("\n### " + prefix + pair.label() + ": " + (pair.passed() ? "PASS" : "FAIL")
                + " (" + pair.allowance() + ")\n\n");
        out.write("| tensor | shape | status | out of tolerance / compared | max abs diff | at | max rel diff | at "
                + "| smallest passing rtol |\n");
        out.write("|---|---|---|---|---|---|---|---|---|\n");
        List<TensorDiff> rows = new java.util.ArrayList<>(pair.forward());
        rows.addAll(pair.tensors());
        for (TensorDiff tensor : rows) {
            out.write("| " + tensor.tensor() + " | " + Tensor.shapeText(tensor.referenceShape()) + " | "
                    + tensor.status() + " | " + tensor.mismatched() + " / " + tensor.compared());
            if (tensor.hasElements()) {
                out.write(" | " + Brief.number(tensor.maxAbs().abs()) + " | " + tensor.maxAbs().index()
                        + " | " + Brief.number(tensor.maxRel().rel()) + " | " + tensor.maxRel().index());
            } else {
                out.write(" | | | | ");
            }
            out.write(" | " + Brief.number(tensor.smallestPassingRtol()) + " |\n");
        }
        if (pair.firstDivergence() != null) {
            out.write("\nFirst divergence: " + pair.firstDivergence() + "\n");
        }
    }

    private static void writeTraining(TrajectoryComparison training, Fixture fixture, Writer out) throws IOException {
        out.write("\n### training " + training.candidate().name() + " ↔ " + training.reference().name() + ": "
                + (training.passed() ? "PASS" : "FAIL at step " + training.firstFailingStep())
                + " (" + fixture.training().settings(fixture.samples()) + ", " + fixture.training().steps()
                + " steps; step k allows rtol·(1+k), atol·(1+k))\n\n");
        if (training.uncompared() != null) {
            out.write(training.uncompared() + ".\n\n");
        }
        out.write("| step | status | loss (" + training.candidate().name() + ") | loss (" + training.reference().name()
                + ") | max abs diff | max rel diff |\n");
        out.write("|---|---|---|---|---|---|\n");
        for (StepDiff step : training.steps()) {
            out.write("| " + step.step() + " | " + (step.passed() ? "PASS" : "FAIL") + " | "
                    + step.tensors().get(0).worst().candidate() + " | " + step.tensors().get(0).worst().reference()
                    + " | " + Brief.number(step.maxAbs()) + " | " + Brief.number(step.maxRel()) + " |\n");
        }
    }

    private static String layers(Fixture fixture) {
        return Arrays.stream(fixture.layers()).mapToObj(Integer::toString).collect(Collectors.joining("→"));
    }
}
