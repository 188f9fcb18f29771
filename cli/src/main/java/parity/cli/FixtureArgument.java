package parity.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import parity.api.Fixture;
import parity.fixtures.FixtureReader;
import parity.fixtures.InvalidFixtureException;
import picocli.CommandLine.Parameters;

/** The one fixture file a command is given (a picocli mixin); a bad one is a single line on standard error. */
final class FixtureArgument {

    @Parameters(paramLabel = "FIXTURE.json", arity = "1", description = "The fixture file.")
    private Path file;

    Path file() {
        return file;
    }

    /** The fixture, or null after printing why it cannot be used. */
    Fixture read(PrintWriter err) {
        try {
            return new FixtureReader().read(file);
        } catch (InvalidFixtureException e) {
            err.println(e.getMessage());
            return null;
        }
    }
}
