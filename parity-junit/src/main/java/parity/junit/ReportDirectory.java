package parity.junit;

import java.nio.file.Path;
import parity.compare.FixtureComparison;

/**
 * Where the JUnit API writes its reports: {@code target/parity-reports} under the working directory
 * (a Maven module's directory, as Surefire and Failsafe run tests), unless the system property
 * {@value #PROPERTY} names another directory.
 */
final class ReportDirectory {

    static final String PROPERTY = "parity.reportDir";

    private ReportDirectory() {
    }

    static Path get() {
        String chosen = System.getProperty(PROPERTY);
        return chosen == null || chosen.isBlank() ? Path.of("target", "parity-reports") : Path.of(chosen);
    }

    /**
     * The directory of one fixture's reports: its name, or the file name of a source that could not be
     * read, with every character but letters, digits, '.', '-' and '_' replaced by '_'.
     */
    static Path forFixture(FixtureComparison comparison) {
        String name = comparison.fixture() != null ? comparison.fixture().name()
                : String.valueOf(Path.of(comparison.source()).getFileName()).replaceFirst("\\.json$", "");
        return get().resolve(name.replaceAll("[^A-Za-z0-9._-]", "_").replaceFirst("^\\.+$", "_"));
    }
}
