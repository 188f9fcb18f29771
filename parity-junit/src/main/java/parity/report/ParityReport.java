package parity.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import parity.compare.FixtureComparison;

/**
 * Writes {@code parity-report.json} and {@code parity-report.md} into a directory, creating it.
 *
 * <p>Whole or absent: both reports are rendered in full into temporary files beside their targets
 * and forced to disk before either is renamed into place ({@link AtomicFile}). A full disk, a write
 * error or a run stopped while writing leaves the directory's previous reports exactly as they were
 * (or none), never a truncated report; the caller gets the {@link IOException}. Only a failure of the
 * second rename itself (a {@code parity-report.md} that cannot be replaced, such as a directory of that
 * name) can leave this run's JSON beside an older Markdown report, and is reported the same way.
 */
public final class ParityReport {

    public static final String JSON_FILE = "parity-report.json";
    public static final String MARKDOWN_FILE = "parity-report.md";

    private ParityReport() {
    }

    public static void write(List<FixtureComparison> comparisons, Path directory) throws IOException {
        Files.createDirectories(directory);
        Path json = directory.resolve(JSON_FILE);
        Path markdown = directory.resolve(MARKDOWN_FILE);
        Path jsonReady = AtomicFile.prepare(json, out -> JsonReport.write(comparisons, out));
        Path markdownReady;
        try {
            markdownReady = AtomicFile.prepare(markdown, out -> MarkdownReport.write(comparisons, out));
        } catch (IOException | RuntimeException e) {
            AtomicFile.discard(jsonReady);
            throw e;
        }
        try {
            AtomicFile.commit(jsonReady, json);
        } catch (IOException | RuntimeException e) {
            AtomicFile.discard(markdownReady);
            throw e;
        }
        AtomicFile.commit(markdownReady, markdown);
    }
}
