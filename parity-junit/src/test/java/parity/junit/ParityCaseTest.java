package parity.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;
import parity.compare.FailureMessage;
import parity.compare.ParityCheck;
import parity.fixtures.BundledSuite;

/** The suite's fixtures as a {@code @MethodSource}: one parameterized test per fixture. */
class ParityCaseTest {

    static Stream<Named<ParityCase>> twoFixtures() {
        return ParitySuite.bundled().cases().filter(c -> List.of("bundled:sigmoid-4-5-3-n7.json", "bundled:mse-tanh.json")
                .contains(c.getName()));
    }

    /** The idiom as a user writes it: a right network passes on each fixture. */
    @ParameterizedTest
    @MethodSource("twoFixtures")
    void aRightNetworkPassesEachCase(ParityCase fixture) {
        fixture.assertMatches(Candidates.right());
    }

    @Test
    void eachCaseIsNamedByItsSourceInSuiteOrder() {
        assertEquals(BundledSuite.sources().stream().map(s -> s.label()).toList(),
                ParitySuite.bundled().cases().map(Named::getName).toList());
    }

    @Test
    void aWrongNetworkFailsWithTheGatesMessageAndAnUnsupportedFixtureIsSkipped() throws Exception {
        ParityCase n7 = ParitySuite.bundled().cases().filter(c -> c.getName().equals("bundled:sigmoid-4-5-3-n7.json"))
                .findFirst().orElseThrow().getPayload();
        AssertionFailedError failure = assertThrows(AssertionFailedError.class,
                () -> n7.assertMatches(Candidates.scaled("db1", 1.5)));
        assertEquals(FailureMessage.of(ParityCheck.of(Candidates.scaled("db1", 1.5))
                .check("bundled:sigmoid-4-5-3-n7.json", BundledSuite.load("sigmoid-4-5-3-n7.json"))), failure.getMessage());

        ParityCase float32 = ParitySuite.bundled().cases().filter(c -> c.getName().equals("bundled:bce-float32.json"))
                .findFirst().orElseThrow().getPayload();
        TestAbortedException skipped = assertThrows(TestAbortedException.class,
                () -> float32.assertMatches(Candidates.right()));
        assertTrue(skipped.getMessage().startsWith("bce-float32: not run: "), skipped.getMessage());
    }
}
