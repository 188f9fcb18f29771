package parity.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import parity.fixtures.Fixture;
import parity.fixtures.FixtureReader;
import parity.fixtures.InvalidFixtureException;

/** Reads the one fixture a command is given; a bad one is a single line on standard error. */
final class FixtureArgument {

    private FixtureArgument() {
    }

    /** The fixture, or null after printing why it cannot be used. */
    static Fixture read(Path file, PrintWriter err) {
        try {
            return new FixtureReader().read(file);
        } catch (InvalidFixtureException e) {
            err.println(e.getMessage());
            return null;
        }
    }
}
