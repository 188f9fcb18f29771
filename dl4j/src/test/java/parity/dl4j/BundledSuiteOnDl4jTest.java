package parity.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import parity.compare.FailureMessage;
import parity.compare.FixtureComparison;
import parity.compare.Status;

/**
 * The whole bundled suite, float64 and float32, with DL4J as the candidate against PyTorch, finite differences
 * and the recorded PyTorch values: one test per fixture, which holds the fixture to its {@link KnownOutcomes}
 * entry, or to PASS with everything compared when it has none. A DL4J version that fixes a difference, moves its
 * size, or parts from PyTorch anywhere else turns one of these red.
 */
class BundledSuiteOnDl4jTest {

    @TestFactory
    Stream<DynamicTest> everyBundledFixture() {
        Map<String, FixtureComparison> run = SuiteOnDl4j.comparisons();
        return run.values().stream().map(comparison -> DynamicTest.dynamicTest(
                comparison.name() + " › " + describe(KnownOutcomes.of(comparison.name())),
                () -> check(comparison, KnownOutcomes.of(comparison.name()))));
    }

    private static void check(FixtureComparison comparison, Expected expected) {
        String message = comparison.name() + ": " + comparison.status() + "\n" + (comparison.status() == Status.FAIL
                ? FailureMessage.of(comparison) : comparison.error() != null ? comparison.error() : "");
        if (expected == null) {
            assertEquals(Status.PASS, comparison.status(), message);
            assertFalse(comparison.trainingNotCompared(), comparison.trainingNotComparedBecause());
        } else if (expected instanceof Expected.Skipped skipped) {
            assertEquals(Status.SKIPPED, comparison.status(), message);
            assertEquals(skipped.reason(), Dl4jSupport.whyNot(comparison.fixture()));
        } else if (expected instanceof Expected.TrainingNotCompared untrained) {
            assertEquals(Status.PASS, comparison.status(), message);
            assertTrue(comparison.trainingNotCompared(), message);
            assertEquals(untrained.reason(), Dl4jSupport.whyNotTrained(comparison.fixture()));
        } else if (expected instanceof Expected.Difference difference) {
            assertEquals(Status.FAIL, comparison.status(), message);
            assertEquals(difference.verdict(), comparison.verdict(), message);
            assertEquals(difference.where(), FailureMessage.firstDivergence(comparison), message);
            double size = SuiteOnDl4j.size(comparison);
            assertEquals(difference.size(), size, 0.02 * difference.size(),
                    comparison.name() + ": the difference's size moved: " + size);
        }
    }

    private static String describe(Expected expected) {
        if (expected == null) {
            return "PASS";
        }
        if (expected instanceof Expected.Skipped) {
            return "SKIPPED";
        }
        if (expected instanceof Expected.TrainingNotCompared) {
            return "PASS, training not compared";
        }
        return "known difference (FAIL)";
    }
}
