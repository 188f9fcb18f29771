package parity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import parity.api.Tensor;
import parity.api.Tolerance;
import parity.compare.FixtureComparison;
import parity.compare.Implementations;
import parity.compare.PairComparison;
import parity.compare.TensorDiff;
import parity.core.CoreImplementation;

class ExitCodeTest {

    private static final Tolerance TOLERANCE = new Tolerance(1e-7, 1e-7);
    private static final FixtureComparison PASS = comparison(1.0);
    private static final FixtureComparison FAIL = comparison(2.0);
    private static final FixtureComparison ERROR = FixtureComparison.error("bad.json", null, "bad.json: l2: missing");

    @Test
    void theHighestWins() {
        assertEquals(0, ExitCode.of(List.of()));
        assertEquals(0, ExitCode.of(List.of(PASS, PASS)));
        assertEquals(1, ExitCode.of(List.of(PASS, FAIL)));
        assertEquals(2, ExitCode.of(List.of(PASS, ERROR)));
        assertEquals(2, ExitCode.of(List.of(FAIL, ERROR, PASS)));
    }

    private static FixtureComparison comparison(double candidateLoss) {
        TensorDiff loss = TensorDiff.of("loss", Tensor.scalar(candidateLoss), Tensor.scalar(1.0), TOLERANCE);
        return FixtureComparison.of("x", null,
                new PairComparison(new CoreImplementation(), Implementations.REFERENCE, TOLERANCE, List.of(loss)));
    }
}
