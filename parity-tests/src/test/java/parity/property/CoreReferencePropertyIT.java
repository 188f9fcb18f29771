package parity.property;

import parity.support.Core;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import parity.compare.FailureMessage;
import parity.compare.FixtureComparison;
import parity.compare.ParityCheck;
import parity.fixtures.Fixture;
import parity.fixtures.FixtureReader;
import parity.fixtures.InvalidFixtureException;

/**
 * Core ↔ reference parity on random valid fixtures. Only that pair is asserted: a ReLU fixture may put a
 * pre-activation exactly on the kink, where both sides take relu'(0) = 0 but a finite difference sees
 * the kink. The seed is fixed, so the same fixtures are drawn on every run; a failure prints the shrunk
 * fixture's JSON, ready to save as a file and rerun with {@code ./parity check}.
 */
class CoreReferencePropertyIT {

    private static final String SOURCE = "random.json";

    @Provide
    Arbitrary<String> fixtures() {
        return RandomFixtures.fixtures();
    }

    @Property(tries = 50, seed = "20260101", afterFailure = AfterFailureMode.PREVIOUS_SEED)
    void coreAgreesWithTheReference(@ForAll("fixtures") String json) throws InvalidFixtureException {
        Fixture fixture = new FixtureReader().read(SOURCE, json.getBytes(StandardCharsets.UTF_8));

        FixtureComparison comparison = ParityCheck.of(Core.IMPLEMENTATION).check(SOURCE, fixture);

        assertNotNull(comparison.primary(), () -> comparison.error() + "\nthe fixture:\n" + json);
        assertTrue(comparison.primary().passed(),
                () -> FailureMessage.of(comparison) + "\nthe fixture, to save as a .json file and rerun:\n" + json);
    }
}
