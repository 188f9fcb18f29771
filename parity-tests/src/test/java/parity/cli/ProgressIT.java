package parity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parity.support.ParityScript;

/**
 * {@code ./parity check} shows its progress when standard error is a terminal (a pseudo-terminal made
 * by util-linux's {@code script}), and writes nothing extra when it is a file or a pipe, as in CI.
 */
class ProgressIT {

    private static final Path SUITE = ParityScript.ROOT.resolve(
            Path.of("fixtures", "src", "main", "resources", "parity", "fixtures", "suite"));

    @TempDir
    Path dir;

    @Test
    void nothingOnStandardErrorWhenItIsAFile() throws Exception {
        ParityScript.Run run = ParityScript.run("check", "--report-dir", dir.toString(),
                SUITE.resolve("seed-blog.json").toString(), SUITE.resolve("no-l2.json").toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals("", run.err());
    }

    @Test
    void progressOnATerminal() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux's script makes the terminal");
        String command = "'" + ParityScript.ROOT.resolve("parity") + "' check --report-dir '" + dir + "' '"
                + SUITE.resolve("seed-blog.json") + "' '" + SUITE.resolve("no-l2.json") + "'";
        Path typescript = dir.resolve("terminal.txt");
        ProcessBuilder builder = new ProcessBuilder(List.of("/usr/bin/script", "-qec", command, "/dev/null"))
                .redirectOutput(typescript.toFile()).redirectErrorStream(true);
        builder.environment().put("PARITY_NO_BUILD", "1");
        Process process = builder.start();
        process.getOutputStream().close();
        assertTrue(process.waitFor(10, TimeUnit.MINUTES), "./parity check under script did not end");
        String seen = Files.readString(typescript, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), seen);
        assertTrue(Pattern.compile("\rparity: 0/2 done, now seed-blog\\.json, \\d+:\\d\\d elapsed").matcher(seen).find(), seen);
        assertTrue(Pattern.compile("\rparity: 1/2 done, now no-l2\\.json, \\d+:\\d\\d elapsed").matcher(seen).find(), seen);
        assertTrue(seen.contains("2 fixtures: 2 PASS"), seen);
    }
}
