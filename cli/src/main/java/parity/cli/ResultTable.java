package parity.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import parity.api.Tensor;
import parity.compare.FixtureComparison;
import parity.compare.PairComparison;
import parity.compare.StepDiff;
import parity.compare.TensorDiff;
import parity.compare.TrajectoryComparison;
import parity.oracle.FiniteDifferences;
import parity.oracle.Oracle;
import parity.oracle.RecordedValues;
import parity.report.Brief;
import parity.report.Summary;

/**
 * The table {@code parity check} prints: one row per fixture and tensor for core ↔ reference, with a
 * next-to-last column for core and reference each against finite differences (float64 fixtures: the
 * sampled elements and the directional derivatives of that tensor together), the last for each against
 * the recorded PyTorch values (fixtures that carry them), and one row per training run (its columns
 * there: each side's first step against finite differences', each side's run against the recorded one);
 * then the summary line.
 */
final class ResultTable {

    private static final String[] HEADER = {"fixture", "tensor", "shape", "status", "mismatched",
        "max abs diff", "max rel diff", "min rtol", "vs numeric (core/ref)", "vs recorded (core/ref)"};

    private ResultTable() {
    }

    static void print(List<FixtureComparison> comparisons, PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (FixtureComparison comparison : comparisons) {
            PairComparison primary = comparison.primary();
            if (primary == null) {
                rows.add(new String[] {comparison.name(), "-", "-", comparison.status().name(), "-", "-", "-", "-", "-", "-"});
                continue;
            }
            for (TensorDiff tensor : primary.tensors()) {
                rows.add(new String[] {
                    comparison.name(),
                    tensor.tensor(),
                    Tensor.shapeText(tensor.referenceShape()),
                    tensor.status(),
                    tensor.mismatched() + "/" + tensor.compared(),
                    tensor.hasElements() ? Brief.number(tensor.maxAbs().abs()) : "-",
                    tensor.hasElements() ? Brief.number(tensor.maxRel().rel()) : "-",
                    Brief.number(tensor.smallestPassingRtol()),
                    against(comparison, FiniteDifferences.class, tensor.tensor()),
                    against(comparison, RecordedValues.class, tensor.tensor())});
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
                    firstStep(comparison),
                    recordedTraining(comparison)});
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

    /** Each side's first training step against finite differences', as {@code PASS/PASS}; - without them. */
    private static String firstStep(FixtureComparison comparison) {
        List<PairComparison> pairs = comparison.firstStepPairs();
        return pairs.isEmpty() ? "-"
                : pairs.stream().map(p -> p.passed() ? "PASS" : "FAIL").collect(java.util.stream.Collectors.joining("/"));
    }

    /**
     * core ↔ oracle and reference ↔ oracle for this tensor, as {@code PASS/PASS}, the oracle finite
     * differences or the recorded PyTorch values; - without them.
     */
    private static String against(FixtureComparison comparison, Class<? extends Oracle> oracle, String tensor) {
        List<PairComparison> pairs = comparison.pairs().stream().filter(p -> oracle.isInstance(p.reference())).toList();
        if (pairs.size() < 2) {
            return "-";
        }
        return status(pairs.get(0), tensor) + "/" + status(pairs.get(1), tensor);
    }

    /** Both training runs against the recorded one, as {@code PASS/FAIL@3}; - without it. */
    private static String recordedTraining(FixtureComparison comparison) {
        if (comparison.recordedTraining().size() < 2) {
            return "-";
        }
        return comparison.recordedTraining().stream()
                .map(run -> run.passed() ? "PASS" : "FAIL@" + run.firstFailingStep())
                .collect(java.util.stream.Collectors.joining("/"));
    }

    /**
     * The tensor's own status against finite differences, FAIL when any of its directional derivatives
     * ({@code dW1·u1}, …) failed, and PASS when they passed though no element was estimated.
     */
    private static String status(PairComparison pair, String tensor) {
        String elements = pair.tensors().stream().filter(t -> t.tensor().equals(tensor)).findFirst()
                .map(TensorDiff::status).orElse("-");
        List<TensorDiff> directions = pair.tensors().stream().filter(t -> t.tensor().startsWith(tensor + "·")).toList();
        if (directions.stream().anyMatch(t -> !t.passed())) {
            return "FAIL";
        }
        return elements.equals("NOT CHECKED") && !directions.isEmpty() ? "PASS" : elements;
    }

}
