package parity.gate;

import parity.support.Core;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import parity.compare.FailureMessage;
import parity.compare.FixtureComparison;
import parity.compare.ParityCheck;
import parity.compare.Status;
import parity.fixtures.BundledSuite;

/**
 * The parity suite as one plain test, for PIT (the {@code mutation} profile): PIT attributes coverage
 * to tests, and the gate's dynamic tests share one factory, so a mutant would be judged by the first
 * dynamic test alone. Not an {@code *IT}, so {@code mvn verify} does not run the suite twice.
 */
class SuiteMutationGate {

    @Test
    void everyBundledFixturePasses() {
        List<FixtureComparison> comparisons = ParityCheck.of(Core.IMPLEMENTATION).check(BundledSuite.sources());
        List<String> failures = comparisons.stream()
                .filter(c -> c.status() != Status.PASS)
                .map(FailureMessage::of)
                .toList();
        assertEquals(List.of(), failures);
    }
}
