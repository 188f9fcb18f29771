package parity.junit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import parity.api.Fixture;
import parity.api.Implementation;
import parity.compare.FailureMessage;
import parity.compare.ParityCheck;
import parity.fixtures.BundledSuite;
import parity.fixtures.InvalidFixtureException;

class ParityAssertionsTest {

    private static final String FIXTURE = "sigmoid-4-5-3-n7.json";

    @Test
    void aRightNetworkPassesAndLeavesItsReport() throws InvalidFixtureException {
        assertDoesNotThrow(() -> ParityAssertions.assertMatchesPyTorch(Candidates.right(), BundledSuite.load(FIXTURE)));
        assertTrue(Files.isRegularFile(Path.of("target", "parity-reports", "sigmoid-4-5-3-n7", "parity-report.md")));
    }

    @Test
    void aWrongGradientFailsWithTheGatesMessage() throws InvalidFixtureException {
        Implementation wrong = Candidates.scaled("dW2", 2);
        Fixture fixture = BundledSuite.load(FIXTURE);

        AssertionFailedError failure = assertThrows(AssertionFailedError.class,
                () -> ParityAssertions.assertMatchesPyTorch(wrong, fixture));

        assertEquals(FailureMessage.of(ParityCheck.of(wrong).check(fixture.source(), fixture)), failure.getMessage());
        assertEquals(List.of("sigmoid-4-5-3-n7: FAIL",
                "  verdict: mine is wrong: the reference, finite differences and the recorded PyTorch values agree, "
                        + "mine disagrees with all three",
                "  broken rule: dW_2 = δ_2ᵀ·a_1 + λ·W_2 (the product or the L2 term)",
                "  first divergence: dW2 (layer 2, backward); forward pass agrees",
                "  failing tensors: mine ↔ reference 1 of 9, mine ↔ numeric 3 of 13, reference ↔ numeric 0 of 13, "
                        + "mine ↔ recorded 1 of 5, reference ↔ recorded 0 of 5",
                "mine ↔ reference: allowed |a - b| <= atol + rtol * |b| with rtol 1.0E-7, atol 1.0E-7; "
                        + "a = mine (reference with dW2·2.0), b = reference (PyTorch autograd via DJL)",
                "  dW2: 15 / 15 elements out of tolerance"), failure.getMessage().lines().limit(7).toList());
    }

    @Test
    void aFixtureTheNetworkDoesNotSupportFailsRatherThanPasses() throws InvalidFixtureException {
        Fixture float32 = BundledSuite.load("seed-blog-float32.json");

        AssertionFailedError failure = assertThrows(AssertionFailedError.class,
                () -> ParityAssertions.assertMatchesPyTorch(Candidates.right(), float32));

        assertEquals("seed-blog-float32: not run: candidate does not support this fixture (float32, sigmoid)",
                failure.getMessage());
    }

    @Test
    void aBadFixtureFileFailsWithItsOneLine(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("bad.json");
        Files.writeString(file, "{\"name\": \"bad\"}");

        AssertionFailedError failure = assertThrows(AssertionFailedError.class,
                () -> ParityAssertions.assertMatchesPyTorch(Candidates.right(), file));

        assertEquals(file + ": dtype: missing", failure.getMessage());
    }
}
