package parity.gate;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import parity.compare.FailureMessage;
import parity.compare.FixtureComparison;
import parity.compare.PairComparison;
import parity.compare.ParityCheck;
import parity.compare.Status;
import parity.compare.TensorDiff;
import parity.compare.TrajectoryComparison;
import parity.fixtures.BundledSuite;
import parity.report.ParityReport;

/**
 * The gate: every bundled fixture, one test per fixture, compared pair and tensor (core ↔ reference,
 * and on float64 fixtures core ↔ numeric and reference ↔ numeric), and one per training run.
 * All fixtures are compared and the reports written before any test asserts, so a failure still
 * leaves complete reports in {@code target/parity-reports/}.
 */
class BundledSuiteParityIT {

    static final Path REPORT_DIR = Path.of("target", "parity-reports");

    @TestFactory
    Stream<DynamicNode> bundledSuite() throws IOException {
        List<FixtureComparison> comparisons = ParityCheck.coreAgainstReference().check(BundledSuite.sources());
        ParityReport.write(comparisons, REPORT_DIR);
        return comparisons.stream().map(BundledSuiteParityIT::fixtureTests);
    }

    private static DynamicNode fixtureTests(FixtureComparison comparison) {
        List<DynamicTest> tests = new ArrayList<>();
        if (comparison.status() == Status.ERROR) {
            tests.add(DynamicTest.dynamicTest(comparison.name() + " loads and runs",
                    () -> fail(FailureMessage.of(comparison))));
        }
        for (PairComparison pair : comparison.pairs()) {
            if (!pair.forward().isEmpty()) {
                tests.add(DynamicTest.dynamicTest(comparison.name() + " › " + pair.label() + " › forward pass", () -> {
                    for (TensorDiff intermediate : pair.forward()) {
                        if (!intermediate.passed()) {
                            fail(FailureMessage.tensor(comparison, pair, intermediate));
                        }
                    }
                }));
            }
            for (TensorDiff tensor : pair.tensors()) {
                tests.add(DynamicTest.dynamicTest(comparison.name() + " › " + pair.label() + " › " + tensor.tensor(), () -> {
                    if (!tensor.passed()) {
                        fail(FailureMessage.tensor(comparison, pair, tensor));
                    }
                }));
            }
        }
        TrajectoryComparison training = comparison.training();
        if (training != null) {
            tests.add(DynamicTest.dynamicTest(comparison.name() + " › training " + (training.steps().size() - 1)
                    + " steps", () -> {
                        if (!training.passed()) {
                            fail(FailureMessage.training(comparison, training));
                        }
                    }));
        }
        return DynamicContainer.dynamicContainer(comparison.name() + " (" + comparison.source() + ")", tests);
    }
}
