package parity.dl4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import parity.compare.FixtureComparison;
import parity.compare.ParityCheck;
import parity.compare.StepDiff;
import parity.compare.TensorDiff;
import parity.compare.TrajectoryComparison;
import parity.fixtures.BundledSuite;
import parity.report.ParityReport;

/**
 * The bundled suite checked once per test JVM with {@code dl4j} as the candidate, exactly as
 * {@code ./parity check --impl dl4j} checks it; its reports go to {@code target/parity-reports-dl4j/}.
 * Several test classes read the same run: it takes seconds, and its verdicts do not change within a JVM.
 */
final class SuiteOnDl4j {

    static final Path REPORT_DIR = Path.of("target", "parity-reports-dl4j");

    private static Map<String, FixtureComparison> run;

    private SuiteOnDl4j() {
    }

    /** Every bundled fixture's comparison, by fixture name, in the suite's order. */
    static synchronized Map<String, FixtureComparison> comparisons() {
        if (run == null) {
            List<FixtureComparison> all = ParityCheck.of(new Dl4jImplementation()).check(BundledSuite.sources());
            try {
                ParityReport.write(all, REPORT_DIR);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            run = all.stream().collect(Collectors.toMap(FixtureComparison::name, Function.identity(),
                    (a, b) -> a, java.util.LinkedHashMap::new));
        }
        return run;
    }

    /**
     * The size of a difference: the greatest |a - b| of dl4j ↔ reference where they first part, that is, of the
     * first tensor out of tolerance in network order, or at the training run's first failing step.
     */
    static double size(FixtureComparison comparison) {
        if (!comparison.primary().passed()) {
            return comparison.primary().inDivergenceOrder().stream().filter(t -> !t.passed()).findFirst()
                    .map(TensorDiff::worstAbsMismatch).orElseThrow().abs();
        }
        TrajectoryComparison training = comparison.training();
        StepDiff step = training.steps().get(training.firstFailingStep());
        return step.maxAbs();
    }
}
