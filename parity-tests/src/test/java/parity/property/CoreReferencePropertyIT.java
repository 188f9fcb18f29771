package parity.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import parity.api.Fixture;
import parity.compare.FailureMessage;
import parity.compare.FixtureComparison;
import parity.compare.ParityCheck;
import parity.compare.Status;
import parity.fixtures.FixtureReader;
import parity.fixtures.FixtureSource;
import parity.fixtures.InvalidFixtureException;
import parity.support.Core;

/**
 * Core ↔ reference parity on 50 random valid fixtures ({@link RandomFixtures}). Only that pair is
 * asserted: a ReLU fixture may put a pre-activation exactly on the kink, where both sides take
 * relu'(0) = 0 but a finite difference sees the kink. The seed is fixed, so the same fixtures are drawn
 * on every run; a failure prints the shrunk fixture's JSON ({@link ShrunkFixtureReporter}), ready to save
 * as a file and rerun with {@code ./parity check}.
 */
class CoreReferencePropertyIT {

    private static final String SOURCE = "random.json";
    private static final Path FALSIFIED = Path.of("src", "test", "resources", "property-fixtures", "falsified-20260101.json");
    private static final long SEED = 20260101L;
    private static final int EXAMPLES = 50;
    // QuickTheories' default is 100 per example of its own default 1000, whatever withExamples says:
    // up to 100,000 comparisons. A cycle that redraws a fixture already tried costs nothing: with core
    // broken on purpose (bias gradients doubled, or tanh' = 1 - a), 2,000 cycles ran 73 to 241
    // comparisons over seven seeds, and 10,000 shrank no further.
    private static final int SHRINK_CYCLES = 2000;

    @Test
    void coreAgreesWithTheReference() {
        qt().withFixedSeed(SEED)
                .withExamples(EXAMPLES)
                .withShrinkCycles(SHRINK_CYCLES)
                .withReporter(new ShrunkFixtureReporter())
                .forAll(RandomFixtures.fixtures())
                .checkAssert(CoreReferencePropertyIT::agrees);
    }

    /**
     * The example that falsified this property on an AVX-512 machine under the fixed float32 tolerance of
     * 1e-5 + 1.3e-6·|b| (issue 18; there it shrank to a 5→8→7→4 network, which shrinking on this machine
     * cannot reproduce): under the rounding bound the whole gate passes it, on any CPU (docs/determinism.md).
     */
    @Test
    void theExampleAnAvx512MachineFalsifiedPasses() throws Exception {
        Fixture fixture = FixtureSource.file(FALSIFIED).load(new FixtureReader());

        FixtureComparison comparison = ParityCheck.of(Core.IMPLEMENTATION).check(fixture.source(), fixture);

        assertEquals(Status.PASS, comparison.status(), () -> FailureMessage.of(comparison));
    }

    private static void agrees(String json) {
        Fixture fixture = read(json);

        FixtureComparison comparison = ParityCheck.of(Core.IMPLEMENTATION).check(SOURCE, fixture);

        if (comparison.primary() == null) {
            fail(comparison.error());
        }
        if (!comparison.primary().passed()) {
            fail(FailureMessage.of(comparison));
        }
    }

    private static Fixture read(String json) {
        try {
            return new FixtureReader().read(SOURCE, json.getBytes(StandardCharsets.UTF_8));
        } catch (InvalidFixtureException e) {
            throw new AssertionError("RandomFixtures wrote an invalid fixture: " + e.getMessage(), e);
        }
    }
}
