package parity.foreign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import parity.report.ParityReport;

/**
 * The gate run the way other builds run it gives the same verdicts and the same report bytes as the
 * project's own run (sequential, every thread pool pinned to one thread): each configuration is a JVM
 * of its own running {@link GateUnderForeignSettings} through the JUnit launcher ({@link ForeignRun}),
 * and every test's outcome and every report file ({@code parity-report.json}, {@code .md},
 * {@code .junit.xml} and {@code index.html} of the suite and of each fixture's own assertion) is compared byte for byte with the default run's.
 * In the parallel configurations the run must also have had tests running at the same moment.
 */
class ForeignRunsIT {

    /** How a user's build might run the gate. */
    enum Configuration {
        /** JUnit's parallel execution on (mode concurrent, 4 threads), threads pinned as here. */
        PARALLEL(true, Map.of("OMP_NUM_THREADS", "1"), List.of("-Dai.djl.pytorch.num_threads=1",
                "-Dai.djl.pytorch.num_interop_threads=1")),
        /** Parallel, with OMP_NUM_THREADS and the DJL thread properties all unset. */
        PARALLEL_THREADS_UNSET(true, Map.of(), List.of()),
        /** Parallel, with OMP_NUM_THREADS=2 and both DJL thread properties 2. */
        PARALLEL_TWO_THREADS(true, Map.of("OMP_NUM_THREADS", "2"), List.of("-Dai.djl.pytorch.num_threads=2",
                "-Dai.djl.pytorch.num_interop_threads=2"));

        final boolean parallel;
        final Map<String, String> environment;
        final List<String> properties;

        Configuration(boolean parallel, Map<String, String> environment, List<String> properties) {
            this.parallel = parallel;
            this.environment = environment;
            this.properties = properties;
        }
    }

    /** Not a time limit on the test: a bound so that a hung JVM fails the build instead of holding it. */
    private static final long GIVE_UP_MINUTES = 15;

    @TempDir
    static Path dir;

    private static Path defaultRun;

    /** The project's own way: sequential, OMP_NUM_THREADS=1, both DJL thread properties 1. */
    @BeforeAll
    static void runAsThisProjectDoes() throws Exception {
        defaultRun = dir.resolve("default");
        run(defaultRun, false, Map.of("OMP_NUM_THREADS", "1"),
                List.of("-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1"));
    }

    @ParameterizedTest
    @EnumSource(Configuration.class)
    void sameVerdictsAndSameReportBytes(Configuration configuration) throws Exception {
        Path out = dir.resolve(configuration.name());
        run(out, configuration.parallel, configuration.environment, configuration.properties);

        assertEquals(Files.readAllLines(defaultRun.resolve("verdicts.txt")), Files.readAllLines(out.resolve("verdicts.txt")),
                "the verdicts differ from the default run's");
        List<Path> reports = reports(defaultRun);
        assertEquals(reports, reports(out), "other report files than the default run's");
        for (Path report : reports) {
            assertArrayEquals(Files.readAllBytes(defaultRun.resolve(report)), Files.readAllBytes(out.resolve(report)),
                    report + " differs from the default run's");
        }
        int mostAtOnce = Integer.parseInt(Files.readString(out.resolve("concurrency.txt")).strip());
        assertTrue(mostAtOnce > 1, "JUnit ran the tests one at a time: nothing ran in parallel");
    }

    /** A JVM of its own, with these settings only (none inherited from this one's), running {@link ForeignRun}. */
    private static void run(Path out, boolean parallel, Map<String, String> environment, List<String> properties)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true"));
        command.addAll(properties);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ForeignRun.class.getName(), out.toString(),
                parallel ? "parallel" : "sequential"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Files.createDirectories(out).resolve("output.txt").toFile());
        // Failsafe sets OMP_NUM_THREADS=1 for this JVM; each configuration says for itself.
        builder.environment().remove("OMP_NUM_THREADS");
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(GIVE_UP_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("ForeignRun still running after " + GIVE_UP_MINUTES + " minutes");
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("ForeignRun exited " + process.exitValue() + "; its verdicts and output are in "
                    + out + ":\n" + tail(out.resolve("verdicts.txt")) + tail(out.resolve("output.txt")));
        }
    }

    /** Every report file under a run's directory, relative to it, sorted. */
    private static List<Path> reports(Path run) throws IOException {
        try (Stream<Path> files = Files.walk(run)) {
            return files.filter(f -> ParityReport.FILES.contains(f.getFileName().toString()))
                    .map(run::relativize).sorted().toList();
        }
    }

    private static String tail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        List<String> lines = Files.readAllLines(file).stream().filter(l -> !l.contains("PASS") && !l.contains("SUCCESSFUL"))
                .toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())) + "\n";
    }
}
