package parity.bench;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import parity.api.Fixture;
import parity.compare.Implementations;
import parity.compare.ParityCheck;
import parity.fixtures.BundledSuite;
import parity.fixtures.FixtureReader;
import parity.fixtures.FixtureSource;
import parity.fixtures.InvalidFixtureException;

/**
 * Prints docs/cli.md's performance table: the medians of {@link PassBenchmark} (JMH, one fork, one
 * thread) per size and dtype with core / reference and core / GEMM bound, then the gate's own time per
 * fixture (one {@link ParityCheck} of core in a warm JVM, median of 5) for the bundled suite and the
 * deep fixture.
 */
public final class BenchTable {

    private static final List<String> DTYPES = List.of("float64", "float32");

    private BenchTable() {
    }

    public static void main(String[] args) throws RunnerException, InvalidFixtureException {
        Options options = new OptionsBuilder()
                .include(PassBenchmark.class.getSimpleName())
                .forks(1)
                .warmupIterations(3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(5).measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
                        "-Dai.djl.pytorch.num_interop_threads=1")
                .build();
        Map<String, Double> median = new HashMap<>();
        for (RunResult result : new Runner(options).run()) {
            String method = result.getParams().getBenchmark().replaceAll(".*\\.", "");
            String key = result.getParams().getParam("size") + "/" + result.getParams().getParam("dtype") + "/" + method;
            median.put(key, result.getPrimaryResult().getStatistics().getPercentile(50));
        }
        System.out.println();
        System.out.println("Measured " + LocalDate.now(ZoneOffset.UTC) + " on " + Runtime.getRuntime().availableProcessors()
                + " cores, one thread, median of JMH samples (ms), with `mvn -B -Pbench -DskipTests -Dinvoker.skip=true verify`:");
        System.out.println();
        System.out.println("| size | dtype | core | reference | core / ref | GEMM bound | core / bound |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
        for (Size size : Size.values()) {
            for (String dtype : DTYPES) {
                String key = size + "/" + dtype + "/";
                double core = median.get(key + "core");
                double reference = median.get(key + "reference");
                double bound = median.get(key + "gemmBound");
                System.out.println("| " + size.name().toLowerCase() + " " + size.shape() + " | " + dtype + " | "
                        + ms(core) + " | " + ms(reference) + " | " + ratio(core / reference) + " | " + ms(bound)
                        + " | " + ratio(core / bound) + " |");
            }
        }
        System.out.println();
        System.out.println("The gate on core, per fixture (reference, core, finite differences, training; warm JVM, median of 5):");
        System.out.println();
        System.out.println("| fixture | parameters | gate |");
        System.out.println("| --- | --- | --- |");
        ParityCheck gate = ParityCheck.of(Implementations.named("core"));
        List<Fixture> fixtures = new ArrayList<>();
        for (FixtureSource source : BundledSuite.sources()) {
            fixtures.add(source.load(new FixtureReader()));
        }
        fixtures.add(Size.DEEP.fixture("float64"));
        gate.check(fixtures.get(fixtures.size() - 1).source(), fixtures.get(fixtures.size() - 1));
        for (Fixture fixture : fixtures) {
            double[] times = new double[5];
            for (int run = 0; run < times.length; run++) {
                long start = System.nanoTime();
                gate.check(fixture.source(), fixture);
                times[run] = (System.nanoTime() - start) / 1e6;
            }
            Arrays.sort(times);
            System.out.println("| " + fixture.name() + " | " + fixture.parameterCount() + " | " + ms(times[2]) + " |");
        }
    }

    private static String ms(double value) {
        return String.format(Locale.ROOT, value < 10 ? "%.2f ms" : "%.1f ms", value);
    }

    private static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
