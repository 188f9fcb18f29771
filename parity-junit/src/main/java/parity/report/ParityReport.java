package parity.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import parity.compare.FixtureComparison;

/** Writes {@code parity-report.json} and {@code parity-report.md} into a directory, creating it. */
public final class ParityReport {

    public static final String JSON_FILE = "parity-report.json";
    public static final String MARKDOWN_FILE = "parity-report.md";

    private ParityReport() {
    }

    public static void write(List<FixtureComparison> comparisons, Path directory) throws IOException {
        Files.createDirectories(directory);
        try (Writer out = Files.newBufferedWriter(directory.resolve(JSON_FILE), StandardCharsets.UTF_8)) {
            JsonReport.write(comparisons, out);
        }
        try (Writer out = Files.newBufferedWriter(directory.resolve(MARKDOWN_FILE), StandardCharsets.UTF_8)) {
            MarkdownReport.write(comparisons, out);
        }
    }
}
