package parity.report;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import parity.compare.FixtureComparison;

/**
 * One kind of report of a run: the file it is written to and how. {@link ParityReport#FORMATS} lists every
 * format a run writes; a new one is a writer and a line there.
 *
 * @param fileName the report's file name in the report directory, e.g. {@code parity-report.json}
 * @param writer renders the comparisons, in suite order, as this format
 */
public record ReportFormat(String fileName, Writing writer) {

    /** Renders a run's comparisons into a report. */
    @FunctionalInterface
    public interface Writing {
        /**
         * Writes the report.
         *
         * @param comparisons one per fixture, in suite order
         * @param out where the report goes
         * @throws IOException when writing fails
         */
        void write(List<FixtureComparison> comparisons, Writer out) throws IOException;
    }
}
