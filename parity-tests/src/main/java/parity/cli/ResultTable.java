package parity.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import parity.compare.FixtureComparison;
import parity.compare.PairComparison;
import parity.compare.StepDiff;
import parity.compare.TensorDiff;
import parity.compare.TrajectoryComparison;
import parity.fixtures.Tensor;
import parity.report.Brief;
import parity.report.Summary;

/**
 * The table {@code parity check} prints: one row per fixture and tensor for core ↔ reference, with a
 * last column for core and reference each against finite differences (float64 fixtures), and one row
 * per training run; then the summary line.
 */
final class ResultTable {

    private static final String[] HEADER = {"fixture", "tensor", "shape", "status", "mismatched",
        "max abs diff", "max rel diff", "min rtol", "vs numeric (core/ref)"};

    private ResultTable() {
    }

    static void print(List<FixtureComparison> comparisons, PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (FixtureComparison comparison : comparisons) {
            PairComparison primary = comparison.primary();
            if (primary == null) {
                rows.add(new String[] {comparison.name(), "-", "-", comparison.status().name(), "-", "-", "-", "-", "-"});
                continue;
            }
            for (int t = 0; t < primary.tensors().size(); t++) {
                TensorDiff tensor = primary.tensors().get(t);
                rows.add(new String[] {
                    comparison.name(),
                    tensor.tensor(),
                    Tensor.shapeText(tensor.referenceShape()),
                    verdict(tensor.passed()),
                    tensor.mismatched() + "/" + tensor.compared(),
                    tensor.hasElements() ? Brief.number(tensor.maxAbs().abs()) : "-",
                    tensor.hasElements() ? Brief.number(tensor.maxRel().rel()) : "-",
                    Brief.number(tensor.smallestPassingRtol()),
                    numeric(comparison, t)});
            }
            TrajectoryComparison training = comparison.training();
            if (training != null) {
                StepDiff last = training.steps().get(training.steps().size() - 1);
                double maxAbs = training.steps().stream().mapToDouble(StepDiff::maxAbs).max().orElse(0);
                double maxRel = training.steps().stream().mapToDouble(StepDiff::maxRel).max().orElse(0);
                rows.add(new String[] {
                    comparison.name(),
                    "training",
                    last.step() + " steps",
                    training.passed() ? "PASS" : "FAIL@" + training.firstFailingStep(),
                    training.steps().stream().filter(s -> !s.passed()).count() + "/" + training.steps().size(),
                    Brief.number(maxAbs),
                    Brief.number(maxRel),
                    "-",
                    "-"});
            }
        }
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == 0 ? "" : "  ").append(String.format("%-" + widths[i] + "s", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
        out.println(Summary.of(comparisons));
    }

    private static String numeric(FixtureComparison comparison, int tensor) {
        if (comparison.pairs().size() < 3) {
            return "-";
        }
        return verdict(comparison.pairs().get(1).tensors().get(tensor).passed()) + "/"
                + verdict(comparison.pairs().get(2).tensors().get(tensor).passed());
    }

    private static String verdict(boolean passed) {
        return passed ? "PASS" : "FAIL";
    }
}
