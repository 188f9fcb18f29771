package parity.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import parity.support.ParityScript;
import parity.support.ReportFile;

/**
 * A few of the bad fixtures through the real {@code ./parity} script, in a process of its own: exit 2,
 * one line on stderr, no stack trace, the good fixture beside it checked, end to end through the
 * shell script, the JVM's start and {@code System.exit}.
 */
class ParityScriptIT {

    private static final Path CORPUS = ParityScript.ROOT.resolve("parity-tests").resolve(BadFixtureCorpusIT.CORPUS);
    private static final Path GOOD = ParityScript.ROOT.resolve(
            Path.of("fixtures", "src", "main", "resources", "parity", "fixtures", "suite", "seed-blog.json"));

    @TempDir
    Path reports;

    @ParameterizedTest
    @ValueSource(strings = {"truncated-in-array.json", "binary.png", "utf8-bom.json", "learning-rate-key.json",
        "absurd-parameters.json", "1e400-in-targets.json"})
    void badFixtureExits2WithOneLineAndTheGoodOneIsChecked(String name) throws Exception {
        Path bad = CORPUS.resolve(name);

        ParityScript.Run run = ParityScript.run("check", "--report-dir", reports.toString(), GOOD.toString(),
                bad.toString());

        assertEquals(2, run.exit(), run.err());
        assertEquals(List.of(bad + ": " + expectedMessages().get(name)), run.errLines());
        assertFalse((run.out() + run.err()).contains("\tat "), run.err());
        assertEquals(List.of("seed-blog PASS", bad + " ERROR"), ReportFile.statuses(reports));
    }

    @Test
    void missingFileExits2() throws Exception {
        Path missing = reports.resolve("nope.json");
        ParityScript.Run run = ParityScript.run("check", "--report-dir", reports.toString(), missing.toString());
        assertEquals(2, run.exit(), run.err());
        assertEquals(List.of(missing + ": no such file"), run.errLines());
    }

    @Test
    void unwritableReportDirectoryExits2AfterCheckingEverything() throws Exception {
        Path file = Files.writeString(reports.resolve("a-file"), "x");
        ParityScript.Run run = ParityScript.run("check", "--report-dir", file.resolve("out").toString(), GOOD.toString());
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.out().contains("1 fixture: 1 PASS, 0 FAIL, 0 ERROR"), run.out());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.err().startsWith("parity: cannot write the reports to " + file.resolve("out") + ": "), run.err());
    }

    private static Map<String, String> expectedMessages() throws IOException {
        return BadFixtureCorpusIT.corpus().stream()
                .collect(Collectors.toMap(BadFixtureCorpusIT.BadFixture::file, BadFixtureCorpusIT.BadFixture::message));
    }
}
