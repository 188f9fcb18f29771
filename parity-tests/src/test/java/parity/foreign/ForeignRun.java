package parity.foreign;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs {@link GateUnderForeignSettings} with the JUnit Platform launcher, as a user's Surefire would,
 * in this JVM with whatever threads and environment it was started with, and JUnit's parallel
 * execution on or off:
 * <pre>java … parity.foreign.ForeignRun OUT parallel|sequential</pre>
 * It writes {@code OUT/verdicts.txt} (one line per test, {@code NAME STATUS}, sorted) and
 * {@code OUT/concurrency.txt} (the most tests that ran at the same moment), with the reports under
 * {@code OUT/suite} and {@code OUT/assertions}; exit 0 when every test passed.
 */
public final class ForeignRun {

    private ForeignRun() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        boolean parallel = args[1].equals("parallel");
        System.setProperty(GateUnderForeignSettings.SUITE_REPORTS, out.resolve("suite").toString());
        System.setProperty("parity.reportDir", out.resolve("assertions").toString());

        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(GateUnderForeignSettings.class))
                .configurationParameter("junit.jupiter.execution.parallel.enabled", String.valueOf(parallel));
        if (parallel) {
            // Concurrent everywhere, with more threads than this machine has cores: tests overlap.
            request.configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                    .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                    .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                    .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "4");
        }
        Verdicts verdicts = new Verdicts();
        LauncherDiscoveryRequest discovery = request.build();
        LauncherFactory.create().execute(discovery, verdicts);

        Files.createDirectories(out);
        Files.write(out.resolve("verdicts.txt"), verdicts.lines());
        Files.writeString(out.resolve("concurrency.txt"), verdicts.mostAtOnce() + "\n");
        System.exit(verdicts.allPassed() ? 0 : 1);
    }

    /** Each test's outcome, and how many tests ran at once at most. */
    private static final class Verdicts implements TestExecutionListener {

        private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger running = new AtomicInteger();
        private final AtomicInteger mostAtOnce = new AtomicInteger();
        private volatile boolean allPassed = true;

        @Override
        public void executionStarted(TestIdentifier test) {
            if (test.isTest()) {
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            }
        }

        @Override
        public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (!test.isTest()) {
                return;
            }
            running.decrementAndGet();
            if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                allPassed = false;
            }
            String why = result.getThrowable().map(t -> " " + String.valueOf(t.getMessage()).lines().findFirst()
                    .orElse("")).orElse("");
            lines.add(test.getDisplayName() + " " + result.getStatus() + why);
        }

        List<String> lines() {
            List<String> sorted = new ArrayList<>(lines);
            Collections.sort(sorted);
            return sorted;
        }

        int mostAtOnce() {
            return mostAtOnce.get();
        }

        boolean allPassed() {
            return allPassed;
        }
    }
}
