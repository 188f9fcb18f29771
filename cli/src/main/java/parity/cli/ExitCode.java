package parity.cli;

import java.util.List;
import parity.compare.FixtureComparison;

/** The command-line tool's exit codes. When several apply, the highest wins. */
public final class ExitCode {

    /** Every fixture passed. */
    public static final int PASS = 0;
    /** At least one fixture is out of tolerance. */
    public static final int PARITY_FAILED = 1;
    /** Bad input or usage: an invalid fixture, a missing file, an unwritable report directory. */
    public static final int BAD_INPUT = 2;
    /** A fault of the tool itself or of an engine outside any fixture. */
    public static final int INTERNAL = 3;

    private ExitCode() {
    }

    /** PASS for all passing, PARITY_FAILED for any FAIL, BAD_INPUT for any ERROR (2 wins over 1). */
    public static int of(List<FixtureComparison> comparisons) {
        int exit = PASS;
        for (FixtureComparison comparison : comparisons) {
            exit = Math.max(exit, switch (comparison.status()) {
                case PASS, SKIPPED -> PASS;
                case FAIL -> PARITY_FAILED;
                case ERROR -> BAD_INPUT;
            });
        }
        return exit;
    }
}
