package parity.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import parity.compare.FixtureComparison;

/**
 * Writes the reports of a run into a directory, creating it: {@code parity-report.json},
 * {@code parity-report.md}, {@code index.html} and {@code parity-report.junit.xml}.
 *
 * <p>Whole or absent: every report is rendered in full into a temporary file beside its target and
 * forced to disk before any is renamed into place ({@link AtomicFile}). A full disk, a write error or a
 * run stopped while writing leaves the directory's previous reports exactly as they were (or none),
 * never a truncated report; the caller gets the {@link IOException}. Only a failure of a later rename
 * itself (a target that cannot be replaced, such as a directory of that name) can leave this run's
 * earlier reports beside older ones, and is reported the same way.
 */
public final class ParityReport {

    /**
     * The JSON report, for programs.
     */
    public static final String JSON_FILE = "parity-report.json";
    /**
     * The Markdown report, for a pull request or a terminal.
     */
    public static final String MARKDOWN_FILE = "parity-report.md";
    /**
     * The HTML report, for a browser.
     */
    public static final String HTML_FILE = "index.html";
    /**
     * The JUnit XML report, for a CI page.
     */
    public static final String JUNIT_FILE = "parity-report.junit.xml";

    /** Every report a run writes, in the order they are renamed into place. */
    public static final List<ReportFormat> FORMATS = List.of(
            new ReportFormat(JSON_FILE, JsonReport::write),
            new ReportFormat(MARKDOWN_FILE, MarkdownReport::write),
            new ReportFormat(HTML_FILE, HtmlReport::write),
            new ReportFormat(JUNIT_FILE, JUnitXmlReport::write));

    /** Every file {@link #write} writes, in the order they are renamed into place. */
    public static final List<String> FILES = FORMATS.stream().map(ReportFormat::fileName).toList();

    private ParityReport() {
    }

    /**
     * The anchor of a fixture's section in {@link #HTML_FILE}.
     *
     * @param ordinal the fixture's place in the run, from 0
     * @param comparison the fixture's comparison
     * @return the anchor, without the {@code #}
     */
    public static String htmlAnchor(int ordinal, FixtureComparison comparison) {
        return HtmlReport.id(ordinal, comparison);
    }

    /**
     * Writes every report of the run into {@code directory}, whole or not at all (see the class comment).
     *
     * @param comparisons one per fixture, in suite order
     * @param directory where the reports go; created when missing
     * @throws IOException when the directory cannot be made or a report cannot be written or renamed into place
     */
    public static void write(List<FixtureComparison> comparisons, Path directory) throws IOException {
        Files.createDirectories(directory);
        Map<Path, Path> ready = new LinkedHashMap<>();
        try {
            for (ReportFormat format : FORMATS) {
                Path target = directory.resolve(format.fileName());
                ready.put(target, AtomicFile.prepare(target, out -> format.writer().write(comparisons, out)));
            }
            for (Map.Entry<Path, Path> file : ready.entrySet()) {
                AtomicFile.commit(file.getValue(), file.getKey());
            }
        } finally {
            // A no-op for every file renamed into place; removes the others after a failure.
            ready.values().forEach(AtomicFile::discard);
        }
    }
}
