package parity.determinism;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parity.report.ParityReport;
import parity.support.CliRun;
import parity.support.ParityScript;

/**
 * The same fixtures give the same reports (JSON, Markdown, HTML, JUnit XML), byte for byte: the bundled suite checked twice in this JVM,
 * and twice more by {@code ./parity check} in processes of their own (with threads pinned as the
 * script pins them), and the two ways against each other.
 */
class DeterminismIT {

    @TempDir
    Path dir;

    @Test
    void twiceInOneJvmGiveTheSameBytes() throws IOException {
        byte[] first = checkInThisJvm(dir.resolve("first"));
        byte[] second = checkInThisJvm(dir.resolve("second"));
        assertArrayEquals(first, second, "parity-report.json differs between two runs in one JVM");
        for (String report : ParityReport.FILES) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("first").resolve(report)),
                    Files.readAllBytes(dir.resolve("second").resolve(report)), report + " differs between two runs in one JVM");
        }
    }

    @Test
    void twiceInTwoProcessesGiveTheSameBytesAsInThisJvm() throws Exception {
        byte[] first = checkInAProcess(dir.resolve("first"));
        byte[] second = checkInAProcess(dir.resolve("second"));
        assertArrayEquals(first, second, "parity-report.json differs between two runs of ./parity check");
        assertArrayEquals(checkInThisJvm(dir.resolve("here")), first,
                "parity-report.json differs between ./parity check and the same check in the test JVM");
        for (String report : ParityReport.FILES) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("first").resolve(report)),
                    Files.readAllBytes(dir.resolve("second").resolve(report)), report + " differs between two processes");
            assertArrayEquals(Files.readAllBytes(dir.resolve("here").resolve(report)),
                    Files.readAllBytes(dir.resolve("first").resolve(report)), report + " differs between a process and this JVM");
        }
    }

    private static byte[] checkInThisJvm(Path reports) throws IOException {
        CliRun run = CliRun.of("check", "--report-dir", reports.toString());
        assertEquals(0, run.exit(), run.out() + run.err());
        return Files.readAllBytes(reports.resolve(ParityReport.JSON_FILE));
    }

    private static byte[] checkInAProcess(Path reports) throws Exception {
        ParityScript.Run run = ParityScript.run("check", "--report-dir", reports.toString());
        assertEquals(0, run.exit(), run.out() + run.err());
        return Files.readAllBytes(reports.resolve(ParityReport.JSON_FILE));
    }
}
