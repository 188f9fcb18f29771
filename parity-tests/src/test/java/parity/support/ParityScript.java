package parity.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code ./parity} script run as a separate process from the repository root, the way a person runs
 * it. The build step is skipped ({@code PARITY_NO_BUILD=1}): these runs happen inside {@code mvn verify},
 * which has just built the class path the script uses.
 */
public final class ParityScript {

    /** Failsafe runs in the module directory, parity-tests; the script lives one up. */
    public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /**
     * Not a time limit on the test: a bound so that a hung process fails the build instead of holding
     * it forever. A run of the whole bundled suite takes seconds.
     */
    private static final long GIVE_UP_MINUTES = 10;

    private ParityScript() {
    }

    /** What one run of the script printed, and its exit code. */
    public record Run(int exit, String out, String err) {
        public List<String> errLines() {
            return err.lines().toList();
        }
    }

    public static Run run(String... args) throws IOException, InterruptedException {
        return run(command(args));
    }

    /**
     * The script run with the shell's limit on the size of any file it writes ({@code ulimit -f}, in
     * KiB): a write past it fails with EFBIG ("File too large"), as a write to a full disk fails with
     * ENOSPC, part-way through the file. The JVM ignores SIGXFSZ, so the write fails instead of killing it.
     */
    public static Run runWithFileSizeLimit(long kib, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", "-c", "ulimit -f " + kib + " && exec \"$@\"", "bash"));
        command.addAll(command(args));
        return run(command);
    }

    /** The script started with its output going to the given files: for tests that stop it on their own. */
    public static Process start(Path out, Path err, String... args) throws IOException {
        return builder(command(args)).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }

    private static List<String> command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("parity").toString());
        command.addAll(List.of(args));
        return command;
    }

    private static ProcessBuilder builder(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile());
        builder.environment().put("PARITY_NO_BUILD", "1");
        return builder;
    }

    private static Run run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("parity-out", ".txt");
        Path err = Files.createTempFile("parity-err", ".txt");
        try {
            Process process = builder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(GIVE_UP_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", command) + " still running after "
                        + GIVE_UP_MINUTES + " minutes; stderr so far:\n" + Files.readString(err));
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
