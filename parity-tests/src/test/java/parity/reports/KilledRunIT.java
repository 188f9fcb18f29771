package parity.reports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parity.report.ParityReport;
import parity.support.CliRun;
import parity.support.ParityScript;

/**
 * {@code ./parity check} stopped by SIGTERM while it writes its reports leaves each report whole (the
 * same bytes as a run that was not stopped) or absent, and no temporary file. The run is stopped the
 * moment the first file appears in its report directory, and then a few milliseconds later, so that
 * the signal lands while the reports are being written and renamed; which of the outcomes each attempt
 * had (nothing yet, some of the reports, all) is printed.
 */
class KilledRunIT {

    /**
     * After the first file appears: at once, then later, to land in different parts of the write; up to
     * 4 s, as the four reports of the suite take about 1.5 s to render and force to disk on a busy machine.
     */
    private static final long[] DELAYS_MILLIS = {0, 5, 25, 100, 400, 1000, 2000, 4000};
    /** Not a time limit on the test: a bound so that a process that never writes fails the test. */
    private static final long GIVE_UP_NANOS = TimeUnit.MINUTES.toNanos(10);

    @TempDir
    Path dir;

    @Test
    void sigtermWhileWritingLeavesEachReportWholeOrAbsent() throws Exception {
        Path complete = dir.resolve("complete");
        assertEquals(0, CliRun.of("check", "--report-dir", complete.toString()).exit());
        Map<String, byte[]> whole = new HashMap<>();
        for (String report : ParityReport.FILES) {
            whole.put(report, Files.readAllBytes(complete.resolve(report)));
        }

        List<String> outcomes = new ArrayList<>();
        for (long delay : DELAYS_MILLIS) {
            Path reports = Files.createDirectories(dir.resolve("killed-after-" + delay + "ms"));
            Process run = ParityScript.start(dir.resolve(delay + ".out"), dir.resolve(delay + ".err"),
                    "check", "--report-dir", reports.toString());
            awaitFirstFile(reports, run);
            Thread.sleep(delay);
            run.destroy(); // SIGTERM: the script execs java, so the signal reaches the JVM itself
            assertTrue(run.waitFor(1, TimeUnit.MINUTES), "the JVM did not stop on SIGTERM");

            Set<String> left = entries(reports);
            assertTrue(ParityReport.FILES.containsAll(left),
                    "killed " + delay + " ms after the first file appeared, the run left " + left);
            for (String report : left) {
                assertArrayEquals(whole.get(report), Files.readAllBytes(reports.resolve(report)),
                        "a " + report + " that is not the whole report, killed after " + delay + " ms");
            }
            outcomes.add(delay + " ms: " + (left.isEmpty() ? "no report" : String.join(" and ", new java.util.TreeSet<>(left))
                    + " whole") + " (exit " + run.exitValue() + ")");
        }
        System.out.println("KilledRunIT, SIGTERM after the first report file appeared: " + outcomes);
    }

    /** Polls until any file appears in the directory, the first sign that the reports are being written. */
    private static void awaitFirstFile(Path reports, Process run) throws IOException, InterruptedException {
        long started = System.nanoTime();
        while (entries(reports).isEmpty()) {
            assertTrue(run.isAlive(), "./parity check ended before writing anything (exit " + exitOf(run) + ")");
            assertTrue(System.nanoTime() - started < GIVE_UP_NANOS, "no report file after 10 minutes");
            Thread.sleep(1);
        }
    }

    private static String exitOf(Process run) {
        return run.isAlive() ? "none yet" : String.valueOf(run.exitValue());
    }

    private static Set<String> entries(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
