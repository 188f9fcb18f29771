package parity.reports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parity.report.ParityReport;
import parity.support.CliRun;
import parity.support.ParityScript;
import parity.support.ReportFile;
import parity.support.Tmpfs;

/**
 * Reports whole or absent when writing them fails: a report directory on a file system that fills up
 * part-way through the report (a tiny tmpfs, or, where mounting is not allowed, the same failure from
 * a file-size limit), and a report that cannot be replaced. Each run exits 2 with one line naming the
 * directory; no truncated report and no temporary file is left, and the previous reports are as they were.
 */
class ReportWriteFaultIT {

    private static final Path SEED = ParityScript.ROOT.resolve(
            Path.of("fixtures", "src", "main", "resources", "parity", "fixtures", "suite", "seed-blog.json"));
    private static final Set<String> REPORTS = Set.copyOf(ParityReport.FILES);

    @TempDir
    Path dir;

    /**
     * 256 KiB hold one fixture's four reports (about 60 KiB) but not the suite's (about 1.7 MB): the
     * second run hits ENOSPC half-way through its JSON report.
     */
    @Test
    void fullTmpfsExits2AndLeavesThePreviousReportsAsTheyWere() throws Exception {
        Path reports = Files.createDirectories(dir.resolve("tmpfs"));
        Tmpfs.Attempt attempt = Tmpfs.mount(reports, "256k");
        assumeTrue(attempt.tmpfs() != null, attempt.reason());
        try (Tmpfs tmpfs = attempt.tmpfs()) {
            assertEquals(0, CliRun.of("check", "--report-dir", reports.toString(), SEED.toString()).exit());
            Map<String, byte[]> before = read(reports);

            CliRun run = CliRun.of("check", "--report-dir", reports.toString());

            assertEquals(2, run.exit(), run.err());
            assertEquals(List.of("parity: cannot write the reports to " + reports + ": No space left on device"),
                    run.errLines());
            assertEquals(REPORTS, entries(reports));
            assertUnchanged(before, reports);
        }
    }

    /** 16 KiB and nothing there before: nothing there after, not the first 16 KiB of a report. */
    @Test
    void tinyTmpfsWithNoPreviousReportsIsLeftEmpty() throws Exception {
        Path reports = Files.createDirectories(dir.resolve("tmpfs"));
        Tmpfs.Attempt attempt = Tmpfs.mount(reports, "16k");
        assumeTrue(attempt.tmpfs() != null, attempt.reason());
        try (Tmpfs tmpfs = attempt.tmpfs()) {
            CliRun run = CliRun.of("check", "--report-dir", reports.toString());

            assertEquals(2, run.exit(), run.err());
            assertEquals(List.of("parity: cannot write the reports to " + reports + ": No space left on device"),
                    run.errLines());
            assertEquals(Set.of(), entries(reports));
        }
    }

    /**
     * The same half-way failure without mounting anything, so that it runs everywhere: {@code ./parity}
     * in a process whose files may not grow past 64 KiB (EFBIG, "File too large").
     */
    @Test
    void fileSizeLimitHitHalfWayExits2AndLeavesThePreviousReportsAsTheyWere() throws Exception {
        Path reports = dir.resolve("limited");
        assertEquals(0, CliRun.of("check", "--report-dir", reports.toString(), SEED.toString()).exit());
        Map<String, byte[]> before = read(reports);

        ParityScript.Run run = ParityScript.runWithFileSizeLimit(64, "check", "--report-dir", reports.toString());

        assertEquals(2, run.exit(), run.err());
        assertEquals(List.of("parity: cannot write the reports to " + reports + ": File too large"), run.errLines());
        assertEquals(REPORTS, entries(reports));
        assertUnchanged(before, reports);
    }

    /**
     * {@code parity-report.md} is a directory with a file in it, so no rename can replace it: exit 2
     * naming the directory, no temporary file left, and the directory in its place untouched. (Both
     * reports were written in full before any rename; only this, a later rename failing, can put this
     * run's JSON beside an older Markdown report, and it is reported. The renames after it do not happen.)
     */
    @Test
    void reportThatCannotBeReplacedExits2WithOneLine() throws Exception {
        Path reports = dir.resolve("blocked");
        Path blocker = Files.createDirectories(reports.resolve(ParityReport.MARKDOWN_FILE));
        Files.writeString(blocker.resolve("keep.txt"), "not a report");

        CliRun run = CliRun.of("check", "--report-dir", reports.toString(), SEED.toString());

        assertEquals(2, run.exit(), run.err());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.err().startsWith("parity: cannot write the reports to " + reports + ": "), run.err());
        assertEquals(Set.of(ParityReport.JSON_FILE, ParityReport.MARKDOWN_FILE), entries(reports));
        assertEquals("not a report", Files.readString(blocker.resolve("keep.txt")));
        // The JSON report was renamed into place before the Markdown rename failed: it is whole.
        assertEquals(List.of("seed-blog PASS"), ReportFile.statuses(reports));
    }

    private static Map<String, byte[]> read(Path reports) throws IOException {
        Map<String, byte[]> contents = new HashMap<>();
        for (String report : ParityReport.FILES) {
            contents.put(report, Files.readAllBytes(reports.resolve(report)));
        }
        return contents;
    }

    private static void assertUnchanged(Map<String, byte[]> before, Path reports) throws IOException {
        for (String report : ParityReport.FILES) {
            assertArrayEquals(before.get(report), Files.readAllBytes(reports.resolve(report)), report);
        }
    }

    /** The names in a directory: reports, and any temporary file a write left behind. */
    private static Set<String> entries(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
