package parity.cli;

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
}
