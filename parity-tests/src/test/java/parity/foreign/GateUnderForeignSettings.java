package parity.foreign;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import parity.fixtures.BundledSuite;
import parity.junit.ParityAssertions;
import parity.junit.ParitySuite;
import parity.support.Core;

/**
 * The gate as a user's build runs it, for {@link ForeignRun} to run under other settings: the bundled
 * suite as dynamic tests, and beside it every bundled fixture as its own assertion, each test a
 * separate JUnit task so that in concurrent mode the assertions, and the suite's own computation, run
 * at the same time on several threads. Not picked up by Surefire or Failsafe (no Test or IT in its
 * name): it only means something under the settings {@link ForeignRunsIT} gives it.
 */
class GateUnderForeignSettings {

    /** Where the suite's reports go; the assertions write theirs under {@code parity.reportDir}. */
    static final String SUITE_REPORTS = "parity.foreign.suiteReports";

    @TestFactory
    Stream<DynamicNode> bundledSuite() {
        return ParitySuite.bundled().reportsTo(Path.of(System.getProperty(SUITE_REPORTS)))
                .dynamicTests(Core.IMPLEMENTATION);
    }

    @TestFactory
    Stream<DynamicTest> everyFixtureAsItsOwnAssertion() {
        return BundledSuite.names().stream().map(file -> DynamicTest.dynamicTest(file,
                () -> ParityAssertions.assertMatchesPyTorch(Core.IMPLEMENTATION, BundledSuite.load(file))));
    }
}
