package parity.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import parity.compare.FailureMessage;
import parity.compare.FixtureComparison;
import parity.compare.Implementations;
import parity.compare.ParityCheck;
import parity.compare.Status;
import parity.fixtures.BundledSuite;
import parity.fixtures.FixtureSource;
import parity.numeric.CentralDifferences;
import parity.numeric.NumericGradients;
import parity.support.Core;

/**
 * Checks the bundled suite many times in one JVM and prints the process's resident memory (VmRSS) as it
 * goes: DJL's arrays live in native memory, outside the garbage collector, so a missed {@code close}
 * shows here and nowhere else. Each pass is the full {@link ParityCheck} of every fixture: both engines'
 * forward and backward passes, the float64 twin of each float32 fixture, every SGD training run. Only
 * the finite differences, plain Java on the heap and most of a pass's time, are computed once per
 * fixture and reused.
 *
 * <p>Run it with a fixed, pre-touched heap ({@code -Xms256m -Xmx256m -XX:+AlwaysPreTouch}, as the
 * {@code memory-bench} profile does), so that the heap is resident from the start and any growth of
 * VmRSS is native memory, metaspace or code. Growth is measured from the end of {@value #WARM_UP} warm-up
 * passes, when both engines are loaded, their thread pools started and the code compiled.
 *
 * <pre>java … parity.bench.NativeMemoryBench [PASSES (default 1000)] [--max-growth-mib MIB]</pre>
 *
 * Exit 0; 1 if VmRSS grew by more than the given bound after the warm-up; 2 for bad arguments, or for a
 * fixture that did not pass on some pass, printed with its failure message: the suite must pass every
 * time, so the bench is also a check that it does, a thousand times over.
 */
public final class NativeMemoryBench {

    static final int WARM_UP = 50;
    private static final int DEFAULT_PASSES = 1000;
    private static final int REPORTS = 20;
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final double MIB = 1024 * 1024;

    private NativeMemoryBench() {
    }

    public static void main(String[] args) throws IOException {
        int passes = DEFAULT_PASSES;
        double maxGrowthMib = Double.POSITIVE_INFINITY;
        try {
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--max-growth-mib")) {
                    maxGrowthMib = Double.parseDouble(args[++i]);
                } else {
                    passes = Integer.parseInt(args[i]);
                }
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            System.err.println("usage: NativeMemoryBench [PASSES] [--max-growth-mib MIB]");
            System.exit(2);
        }
        if (passes <= WARM_UP) {
            System.err.println("NativeMemoryBench: needs more than " + WARM_UP + " passes, the warm-up");
            System.exit(2);
        }
        System.exit(run(passes, maxGrowthMib));
    }

    static int run(int passes, double maxGrowthMib) throws IOException {
        Map<String, NumericGradients> numeric = new HashMap<>();
        ParityCheck check = new ParityCheck(Core.IMPLEMENTATION, Implementations.REFERENCE,
                fixture -> numeric.computeIfAbsent(fixture.name(), name -> new CentralDifferences(fixture).gradients()));
        List<FixtureSource> suite = BundledSuite.sources();
        long started = System.nanoTime();
        print("start", started);

        double baseline = 0;
        int every = Math.max(1, passes / REPORTS);
        for (int pass = 1; pass <= passes; pass++) {
            for (FixtureComparison comparison : check.check(suite)) {
                if (comparison.status() != Status.PASS) {
                    System.err.println("pass " + pass + ": " + comparison.name() + " is " + comparison.status() + "\n"
                            + FailureMessage.of(comparison));
                    return 2;
                }
            }
            if (pass == WARM_UP) {
                baseline = print("after warm-up, pass " + pass, started);
            } else if (pass % every == 0 || pass == passes) {
                print("pass " + pass + "/" + passes, started);
            }
        }
        double growth = rssMb() - baseline;
        System.out.printf("VmRSS grew %.1f MiB over %d passes after the warm-up (%d fixtures a pass); bound %s%n",
                growth, passes - WARM_UP, suite.size(),
                Double.isInfinite(maxGrowthMib) ? "none" : String.format("%.0f MiB", maxGrowthMib));
        return growth > maxGrowthMib ? 1 : 0;
    }

    private static double print(String when, long started) throws IOException {
        double rss = rssMb();
        Runtime runtime = Runtime.getRuntime();
        System.out.printf("%-26s VmRSS %7.1f MiB   heap used %6.1f of %6.1f MiB   %7.1f s%n", when + ":", rss,
                (runtime.totalMemory() - runtime.freeMemory()) / MIB, runtime.totalMemory() / MIB,
                (System.nanoTime() - started) / 1e9);
        return rss;
    }

    /** This process's resident set in MiB, from the {@code VmRSS:  123456 kB} line of /proc/self/status. */
    static double rssMb() throws IOException {
        for (String line : Files.readAllLines(STATUS)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024 / MIB;
            }
        }
        throw new IOException("no VmRSS line in " + STATUS);
    }
}
