package parity.soak;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The soak: the bundled suite checked many times in one JVM and, at the same time, in many JVMs one
 * after another, each a {@link SuiteSoak} of its own with this JVM's options. Zero fixtures may come
 * out other than PASS, no pass may give other bits than the first of its JVM, and every JVM's
 * fingerprint (the raw bits of both sides' results for every fixture, and the report's bytes) must be
 * the same.
 *
 * <pre>java … parity.soak.Soak --in-one-jvm N --processes P --passes-each M [--out DIR]</pre>
 *
 * Each JVM's output is in {@code DIR/in-one-jvm/log.txt} and {@code DIR/process-I/log.txt}, with the
 * reports and changed bits of any event beside it (see {@link SuiteSoak}). Exit 0 when all is well.
 */
public final class Soak {

    /** Not a time limit: a bound so that a hung JVM fails the soak instead of holding it for ever. */
    private static final long GIVE_UP_HOURS = 48;

    private Soak() {
    }

    public static void main(String[] args) throws Exception {
        int inOneJvm = 0;
        int processes = 0;
        int passesEach = 0;
        Path out = Path.of("target", "soak");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--in-one-jvm" -> inOneJvm = Integer.parseInt(args[++i]);
                case "--processes" -> processes = Integer.parseInt(args[++i]);
                case "--passes-each" -> passesEach = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: Soak --in-one-jvm N --processes P --passes-each M [--out DIR]");
                    System.exit(2);
                }
            }
        }
        long started = System.nanoTime();
        Path longRun = out.resolve("in-one-jvm");
        Process single = inOneJvm > 0 ? start(longRun, inOneJvm) : null;
        List<Path> runs = new ArrayList<>();
        boolean allWell = true;
        for (int p = 1; p <= processes; p++) {
            Path run = out.resolve("process-" + p);
            int exit = finish(start(run, passesEach));
            allWell &= exit == 0;
            runs.add(run);
            System.out.printf("process %d/%d: exit %d, %s (%.0f s)%n", p, processes, exit, summary(run),
                    (System.nanoTime() - started) / 1e9);
        }
        if (single != null) {
            int exit = finish(single);
            allWell &= exit == 0;
            runs.add(0, longRun);
            System.out.printf("one JVM: exit %d, %s%n", exit, summary(longRun));
        }
        List<String> differing = new ArrayList<>();
        for (Path run : runs) {
            if (!Files.readString(run.resolve("fingerprint.txt")).equals(Files.readString(runs.get(0).resolve("fingerprint.txt")))) {
                differing.add(run.getFileName().toString());
            }
        }
        long checks = (long) inOneJvm + (long) processes * passesEach;
        System.out.printf("soak: %d full-suite checks (%d in one JVM, %d in %d JVMs of %d), %s, fingerprints %s (%.0f s)%n",
                checks, inOneJvm, (long) processes * passesEach, processes, passesEach,
                allWell ? "every fixture PASS every time with the same bits" : "NOT ALL WELL (see the logs)",
                differing.isEmpty() ? "the same in all " + runs.size() + " JVMs" : "DIFFERENT in " + differing,
                (System.nanoTime() - started) / 1e9);
        System.exit(allWell && differing.isEmpty() ? 0 : 1);
    }

    /** A {@link SuiteSoak} in a JVM of its own, with this JVM's options and class path. */
    private static Process start(Path run, int passes) throws IOException {
        Files.createDirectories(run);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SuiteSoak.class.getName(),
                String.valueOf(passes), "--out", run.toString(), "--fingerprint", run.resolve("fingerprint.txt").toString()));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(run.resolve("log.txt").toFile()).start();
    }

    private static int finish(Process process) throws InterruptedException {
        if (!process.waitFor(GIVE_UP_HOURS, TimeUnit.HOURS)) {
            process.destroyForcibly().waitFor();
            return -1;
        }
        return process.exitValue();
    }

    /** The run's last line of counts, as {@link SuiteSoak} printed it. */
    private static String summary(Path run) throws IOException {
        return Files.readAllLines(run.resolve("log.txt")).stream().filter(l -> l.contains(" in one JVM: "))
                .reduce((first, second) -> second).orElse("no summary (see " + run.resolve("log.txt") + ")");
    }
}
