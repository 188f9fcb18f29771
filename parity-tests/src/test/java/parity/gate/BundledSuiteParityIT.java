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
import parity.compare.ParityCheck;
import parity.compare.Status;
import parity.compare.TensorDiff;
import parity.fixtures.BundledSuite;
import parity.report.ParityReport;

/**
 * The gate: every bundled fixture, core against PyTorch autograd, one test per fixture and tensor.
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
        FailureMessage messages = FailureMessage.of(comparison);
        List<DynamicTest> tests = new ArrayList<>();
        if (comparison.status() == Status.ERROR) {
            tests.add(DynamicTest.dynamicTest(comparison.name() + " loads and runs",
                    () -> fail(messages.fixture())));
        }
        for (TensorDiff tensor : comparison.tensors()) {
            tests.add(DynamicTest.dynamicTest(comparison.name() + " › " + tensor.tensor(), () -> {
                if (!tensor.passed()) {
                    fail(messages.tensor(tensor));
                }
            }));
        }
        return DynamicContainer.dynamicContainer(comparison.name() + " (" + comparison.source() + ")", tests);
    }
}
