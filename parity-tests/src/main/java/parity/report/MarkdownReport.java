package parity.report;

import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import parity.compare.FailureMessage;
import parity.compare.FixtureComparison;
import parity.compare.Status;
import parity.compare.TensorDiff;
import parity.fixtures.Fixture;
import parity.fixtures.Tensor;

/** {@code parity-report.md}: the JSON report as tables a person reads, with each failure's message. */
public final class MarkdownReport {

    private MarkdownReport() {
    }

    public static void write(List<FixtureComparison> comparisons, Writer out) throws IOException {
        out.write("# Parity report\n\n");
        if (!comparisons.isEmpty()) {
            FixtureComparison first = comparisons.get(0);
            out.write("a = " + first.candidate().name() + " (" + first.candidate().description() + "), b = "
                    + first.reference().name() + " (" + first.reference().description() + ", the reference). "
                    + "An element passes when |a - b| <= atol + rtol * |b|.\n\n");
        }
        out.write(Summary.of(comparisons) + "\n\n");
        out.write("| fixture | status | dtype | layers | rtol | atol |\n");
        out.write("|---|---|---|---|---|---|\n");
        for (FixtureComparison comparison : comparisons) {
            Fixture fixture = comparison.fixture();
            String details = fixture == null ? " | | | " : fixture.dtype().jsonName() + " | " + layers(fixture)
                    + " | " + fixture.tolerance().rtol() + " | " + fixture.tolerance().atol();
            out.write("| " + comparison.name() + " | " + comparison.status() + " | " + details + " |\n");
        }
        for (FixtureComparison comparison : comparisons) {
            writeFixture(comparison, out);
        }
    }

    private static void writeFixture(FixtureComparison comparison, Writer out) throws IOException {
        out.write("\n## " + comparison.name() + ": " + comparison.status() + "\n\n");
        out.write("Source: `" + comparison.source() + "`\n\n");
        if (!comparison.tensors().isEmpty()) {
            out.write("| tensor | shape | status | out of tolerance | max abs diff | at | max rel diff | at "
                    + "| smallest passing rtol |\n");
            out.write("|---|---|---|---|---|---|---|---|---|\n");
            for (TensorDiff tensor : comparison.tensors()) {
                out.write("| " + tensor.tensor() + " | " + Tensor.shapeText(tensor.referenceShape()) + " | "
                        + (tensor.passed() ? "PASS" : "FAIL") + " | " + tensor.mismatched() + " / " + tensor.size());
                if (tensor.shapesAgree()) {
                    out.write(" | " + number(tensor.maxAbs().abs()) + " | " + tensor.maxAbs().index()
                            + " | " + number(tensor.maxRel().rel()) + " | " + tensor.maxRel().index());
                } else {
                    out.write(" | | | | ");
                }
                out.write(" | " + number(tensor.smallestPassingRtol()) + " |\n");
            }
        }
        if (comparison.status() != Status.PASS) {
            out.write("\n```text\n" + FailureMessage.of(comparison).fixture() + "\n```\n");
        }
    }

    private static String layers(Fixture fixture) {
        return Arrays.stream(fixture.layers()).mapToObj(Integer::toString).collect(Collectors.joining("→"));
    }

    /** Three significant digits: enough to tell a rounding question (1e-9) from a bug (1e-1). */
    static String number(double value) {
        if (value == 0) {
            return "0";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "∞" : "-∞";
        }
        if (Double.isNaN(value)) {
            return "NaN";
        }
        return String.format(Locale.ROOT, "%.2e", value);
    }
}
