package parity.support;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import parity.cli.ParityCli;

/** One run of the parity tool inside this JVM, as {@code ParityCli.main} runs it, and what it printed. */
public record CliRun(int exit, String out, String err) {

    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ParityCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    public List<String> errLines() {
        return err.lines().toList();
    }
}
