package parity.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import parity.compare.FixtureComparison;
import parity.compare.TensorDiff;
import parity.fixtures.Tensor;
import parity.report.Summary;

/** The table {@code parity check} prints: one row per fixture and tensor, then the summary line. */
final class ResultTable {

    private static final String[] HEADER =
            {"fixture", "tensor", "shape", "status", "mismatched", "max abs diff", "max rel diff", "min rtol"};

    private ResultTable() {
    }

    static void print(List<FixtureComparison> comparisons, PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (FixtureComparison comparison : comparisons) {
            if (comparison.tensors().isEmpty()) {
                rows.add(new String[] {comparison.name(), "-", "-", comparison.status().name(), "-", "-", "-", "-"});
            }
            for (TensorDiff tensor : comparison.tensors()) {
                boolean shapes = tensor.shapesAgree();
                rows.add(new String[] {
                    comparison.name(),
                    tensor.tensor(),
                    Tensor.shapeText(tensor.referenceShape()),
                    tensor.passed() ? "PASS" : "FAIL",
                    tensor.mismatched() + "/" + tensor.size(),
                    shapes ? number(tensor.maxAbs().abs()) : "-",
                    shapes ? number(tensor.maxRel().rel()) : "-",
                    number(tensor.smallestPassingRtol())});
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

    private static String number(double value) {
        if (value == 0) {
            return "0";
        }
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.2e", value) : Double.toString(value);
    }
}
