package parity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final StringWriter err = new StringWriter();

    @Test
    void oneLineRedrawnInPlaceThenCleared() {
        Progress progress = new Progress(new PrintWriter(err), true, now::get, 25);
        progress.next("bundled:seed-blog-sgd.json");
        now.addAndGet(64_500_000_000L);
        progress.next("bundled:no-l2.json");
        progress.finish();
        String first = "parity: 0/25 done, now bundled:seed-blog-sgd.json, 0:00 elapsed";
        String second = "parity: 1/25 done, now bundled:no-l2.json, 1:04 elapsed";
        assertEquals("\r" + first + "\r" + second + " ".repeat(first.length() - second.length())
                + "\r" + " ".repeat(first.length()) + "\r", err.toString());
    }

    @Test
    void aLongNameIsCutSoThatTheLineDoesNotWrap() {
        Progress progress = new Progress(new PrintWriter(err), true, now::get, 3);
        progress.next("x".repeat(200));
        assertEquals(1 + 79, err.toString().length());
        assertEquals('…', err.toString().charAt(79));
    }

    @Test
    void nothingWhenStandardErrorIsNotATerminal() {
        Progress progress = new Progress(new PrintWriter(err), false, now::get, 25);
        progress.next("bundled:seed-blog.json");
        progress.finish();
        assertEquals("", err.toString());
    }
}
