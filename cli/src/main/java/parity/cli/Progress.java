package parity.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * One line on standard error while fixtures are checked, {@code parity: 3/25 done, now seed-blog-sgd,
 * 0:04 elapsed}, redrawn in place with a carriage return and cleared when the check ends: no cursor
 * movement or colour codes, so any terminal shows it. Only when standard error is a terminal; in a pipe,
 * a file or a CI log nothing at all is written, as picocli leaves out its ANSI styles there.
 */
final class Progress {

    /** Set by {@code ./parity} from {@code [ -t 2 ]}: Java cannot tell whether standard error is a terminal. */
    static final String TERMINAL_PROPERTY = "parity.stderrIsTerminal";
    /** A line longer than the terminal would wrap, and a carriage return then redraws only its last part. */
    private static final int WIDTH = 79;

    private final PrintWriter err;
    private final boolean shown;
    private final LongSupplier nanoTime;
    private final int total;
    private final long started;
    private int done = -1;
    private int drawn;

    Progress(PrintWriter err, boolean shown, LongSupplier nanoTime, int total) {
        this.err = err;
        this.shown = shown;
        this.nanoTime = nanoTime;
        this.total = total;
        this.started = nanoTime.getAsLong();
    }

    /**
     * Shown when {@code ./parity} says standard error is a terminal; started some other way, when the
     * JVM has a console (standard input and output are terminals), the nearest Java can tell.
     */
    static Progress onTerminal(PrintWriter err, int total) {
        String said = System.getProperty(TERMINAL_PROPERTY);
        boolean terminal = said != null ? Boolean.parseBoolean(said) : System.console() != null;
        return new Progress(err, terminal, System::nanoTime, total);
    }

    /** The next fixture begins. */
    void next(String fixture) {
        done++;
        draw(String.format(Locale.ROOT, "parity: %d/%d done, now %s, %s elapsed", done, total, fixture, elapsed()));
    }

    /** Every fixture is done: the line goes, so that what follows starts on a clean line. */
    void finish() {
        if (shown && drawn > 0) {
            err.print("\r" + " ".repeat(drawn) + "\r");
            err.flush();
            drawn = 0;
        }
    }

    private void draw(String line) {
        if (!shown) {
            return;
        }
        String fitted = line.length() > WIDTH ? line.substring(0, WIDTH - 1) + "…" : line;
        err.print("\r" + fitted + " ".repeat(Math.max(0, drawn - fitted.length())));
        err.flush();
        drawn = Math.max(drawn, fitted.length());
    }

    private String elapsed() {
        long seconds = (nanoTime.getAsLong() - started) / 1_000_000_000L;
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
