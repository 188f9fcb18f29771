package parity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parity.api.LossAndGradients;
import parity.fixtures.BundledSuite;
import parity.support.CliRun;
import parity.support.Core;

/** The command-line tool as a person runs it: exit codes, one-line errors, the reports, the JSON. */
class ParityCliIT {

    private static final Path SUITE = Path.of("..", "fixtures", "src", "main", "resources", "parity", "fixtures", "suite");

    @TempDir
    Path dir;

    private static CliRun parity(String... args) {
        return CliRun.of(args);
    }

    @Test
    void checkWithoutArgumentsChecksTheBundledSuite() throws IOException {
        CliRun run = parity("check", "--report-dir", dir.toString());
        assertEquals(0, run.exit(), run.err());
        int fixtures = BundledSuite.names().size();
        assertTrue(run.out().contains(fixtures + " fixtures: " + fixtures + " PASS, 0 FAIL, 0 ERROR"), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("seed-blog +dW1 +4×3 +PASS +0/12 .*")), run.out());
        JsonNode report = new ObjectMapper().readTree(dir.resolve("parity-report.json").toFile());
        assertEquals(fixtures, report.get("summary").get("pass").asInt());
        assertTrue(Files.exists(dir.resolve("parity-report.md")));
    }

    @Test
    void badFixtureAmongGoodOnesIsReportedAndTheGoodOnesStillChecked() throws IOException {
        Path bad = dir.resolve("transposed.json");
        String seed = Files.readString(SUITE.resolve("seed-blog.json"));
        Files.writeString(bad, seed.replace(
                "\"W2\": [[2, 2, 2, 2], [2, 2, 2, 2], [2, 2, 2, 2], [2, 2, 2, 2], [2, 2, 2, 2]]",
                "\"W2\": [[2, 2, 2, 2, 2], [2, 2, 2, 2, 2], [2, 2, 2, 2, 2], [2, 2, 2, 2, 2]]"));
        Path reports = dir.resolve("reports");

        CliRun run = parity("check", "--report-dir", reports.toString(),
                SUITE.resolve("seed-blog.json").toString(), bad.toString(), SUITE.resolve("mse-tanh.json").toString());

        assertEquals(2, run.exit());
        assertEquals(List.of(bad + ": params.W2: expected 5×4, got 4×5"), run.errLines());
        JsonNode fixtures = new ObjectMapper().readTree(reports.resolve("parity-report.json").toFile()).get("fixtures");
        List<String> statuses = new ArrayList<>();
        fixtures.forEach(f -> statuses.add(f.get("name").asText() + " " + f.get("status").asText()));
        assertEquals(List.of("seed-blog PASS", bad + " ERROR", "mse-tanh PASS"), statuses);
    }

    @Test
    void missingFileIsBadInput() {
        Path missing = dir.resolve("nope.json");
        CliRun run = parity("check", "--report-dir", dir.toString(), missing.toString());
        assertEquals(2, run.exit());
        assertEquals(List.of(missing + ": no such file"), run.errLines());
    }

    @Test
    void directoryIsBadInput() {
        CliRun run = parity("check", "--report-dir", dir.resolve("reports").toString(), SUITE.toString());
        assertEquals(2, run.exit());
        assertEquals(List.of(SUITE + ": is a directory, not a fixture file"), run.errLines());
    }

    @Test
    void unreadableFileIsBadInput() throws IOException {
        Path locked = Files.writeString(dir.resolve("locked.json"), Files.readString(SUITE.resolve("seed-blog.json")));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(locked), "running as root (or with CAP_DAC_OVERRIDE), which reads a file of "
                + "mode 000 all the same: an unreadable file cannot be made here");
        CliRun run = parity("check", "--report-dir", dir.resolve("reports").toString(), locked.toString());
        assertEquals(2, run.exit());
        assertEquals(List.of(locked + ": cannot read the file: permission denied"), run.errLines());
    }

    @Test
    void unwritableReportDirectoryIsBadInputButTheTableIsPrinted() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Path reportDir = file.resolve("reports");
        CliRun run = parity("check", "--report-dir", reportDir.toString(), SUITE.resolve("seed-blog.json").toString());
        assertEquals(2, run.exit());
        assertTrue(run.out().contains("1 fixture: 1 PASS, 0 FAIL, 0 ERROR"), run.out());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.err().startsWith("parity: cannot write the reports to " + reportDir + ": "), run.err());
    }

    @Test
    void gradientsPrintsEveryNumberSoThatItReadsBackExactly() throws Exception {
        Path seed = SUITE.resolve("seed-blog.json");
        CliRun run = parity("gradients", "--impl", "core", seed.toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals("", run.err());

        JsonNode json = new ObjectMapper().readTree(run.out());
        LossAndGradients expected = Core.IMPLEMENTATION.lossAndGradients(BundledSuite.load("seed-blog.json"));
        assertEquals(expected.loss(), json.get("loss").doubleValue());
        assertEquals(List.of("dW1", "db1", "dW2", "db2"), fieldNames(json.get("gradients")));
        assertEquals(expected.gradients().get("dW2").get(3, 1), json.get("gradients").get("dW2").get(3).get(1).doubleValue());
        assertEquals(expected.gradients().get("db1").get(0), json.get("gradients").get("db1").get(0).doubleValue());
        assertTrue(run.out().contains("\"loss\" : 35.6094379124341,"), run.out());
    }

    @Test
    void gradientsOfTheReferenceHaveTheSameLayout() throws Exception {
        CliRun run = parity("gradients", "--impl", "reference", SUITE.resolve("no-hidden-layer.json").toString());
        assertEquals(0, run.exit(), run.err());
        JsonNode gradients = new ObjectMapper().readTree(run.out()).get("gradients");
        assertEquals(List.of("dW1", "db1"), fieldNames(gradients));
        assertEquals(4, gradients.get("dW1").size());
        assertEquals(6, gradients.get("dW1").get(0).size());
    }

    @Test
    void gradientsOfABadFixtureIsOneLineAndExit2() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"name\": \"x\", \"dtype\": \"float16\"}");
        CliRun run = parity("gradients", "--impl", "core", bad.toString());
        assertEquals(2, run.exit());
        assertEquals("", run.out());
        assertEquals(List.of(bad + ": dtype: unknown dtype 'float16' (expected one of: float64, float32)"), run.errLines());
    }

    @Test
    void usageErrorsAreExit2WithoutAStackTrace() {
        for (String[] args : List.of(new String[] {"gradients", "x.json"}, new String[] {"frobnicate"},
                new String[] {"gradients", "--impl", "numpy", "x.json"}, new String[0])) {
            CliRun run = parity(args);
            assertEquals(2, run.exit(), String.join(" ", args));
            assertFalse(run.err().contains("\tat "), run.err());
        }
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
