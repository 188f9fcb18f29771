package parity.soak;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
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
import parity.report.JsonReport;
import parity.report.ParityReport;
import parity.support.Core;

/**
 * Checks the bundled suite many times in one JVM and looks for two things: a fixture that does not
 * PASS (an unexplained FAIL, or an ERROR), and any bit of either side's raw results (loss, every
 * gradient and forward intermediate, every training step's loss and parameters) or of the suite's
 * {@code parity-report.json} that differs from the first pass. The second is the sensitive test: a
 * FAIL needs a difference above the tolerance, while one changed last bit already shows that a result
 * depends on something other than the fixture (memory alignment, call history, a thread).
 *
 * <p>Each pass is the full {@link ParityCheck} of every fixture, except that finite differences (plain
 * Java on the heap, deterministic, most of a pass's time) are computed once per fixture and reused, as
 * the native-memory bench does. On an event, {@code OUT/pass-N-FIXTURE/} receives that fixture's
 * reports, its failure message, and every element whose bits changed, with both values and their bits;
 * the fixture is then checked once more to see whether it recurs, and the soak goes on.
 *
 * <pre>java … parity.soak.SuiteSoak PASSES [--out DIR] [--fingerprint FILE]</pre>
 *
 * {@code --fingerprint} writes one line per fixture and side, {@code FIXTURE SIDE SHA-256} of its raw
 * results, and one {@code report SHA-256}: {@link SoakAcrossProcesses} compares these between JVMs.
 * Exit 0 when every pass passed and gave the same bits; 1 otherwise; 2 for bad arguments.
 */
public final class SuiteSoak {

    private static final int PROGRESS_REPORTS = 20;
    private static final int DIFFERENCES_SHOWN = 40;

    private final RecordingImplementation core = new RecordingImplementation(Core.IMPLEMENTATION);
    private final RecordingImplementation reference = new RecordingImplementation(Implementations.REFERENCE);
    private final Map<String, NumericGradients> numeric = new HashMap<>();
    private final ParityCheck check = new ParityCheck(core, reference,
            fixture -> numeric.computeIfAbsent(fixture.name(), name -> new CentralDifferences(fixture).gradients()));
    private final List<FixtureSource> suite = BundledSuite.sources();
    private final Path out;

    private final Map<String, Outputs> coreBaseline = new LinkedHashMap<>();
    private final Map<String, Outputs> referenceBaseline = new LinkedHashMap<>();
    private byte[] reportBaseline;
    private int failures;
    private int drifts;

    private SuiteSoak(Path out) {
        this.out = out;
    }

    public static void main(String[] args) throws IOException {
        int passes = 0;
        Path out = Path.of("target", "soak");
        Path fingerprint = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--out" -> out = Path.of(args[++i]);
                    case "--fingerprint" -> fingerprint = Path.of(args[++i]);
                    default -> passes = Integer.parseInt(args[i]);
                }
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            passes = 0;
        }
        if (passes < 1) {
            System.err.println("usage: SuiteSoak PASSES [--out DIR] [--fingerprint FILE]");
            System.exit(2);
        }
        SuiteSoak soak = new SuiteSoak(out);
        int exit = soak.run(passes);
        if (fingerprint != null) {
            soak.writeFingerprint(fingerprint);
        }
        System.exit(exit);
    }

    private int run(int passes) throws IOException {
        long started = System.nanoTime();
        int every = Math.max(1, passes / PROGRESS_REPORTS);
        for (int pass = 1; pass <= passes; pass++) {
            core.clear();
            reference.clear();
            List<FixtureComparison> comparisons = check.check(suite);
            for (FixtureComparison comparison : comparisons) {
                inspect(pass, comparison);
            }
            byte[] report = json(comparisons);
            if (reportBaseline == null) {
                reportBaseline = report;
            } else if (!java.util.Arrays.equals(report, reportBaseline)) {
                drifts++;
                Path dir = out.resolve("pass-" + pass + "-report");
                Files.createDirectories(dir);
                Files.write(dir.resolve(ParityReport.JSON_FILE), report);
                Files.write(dir.resolve("baseline-" + ParityReport.JSON_FILE), reportBaseline);
                System.out.println("pass " + pass + ": parity-report.json differs from pass 1's; both in " + dir);
            }
            if (pass % every == 0 || pass == passes) {
                System.out.printf("pass %d/%d: %d fixture checks, %d not PASS, %d bit drifts, %.1f s%n", pass, passes,
                        (long) pass * suite.size(), failures, drifts, (System.nanoTime() - started) / 1e9);
            }
        }
        System.out.printf("%d passes of %d fixtures (%d fixture checks) in one JVM: %d not PASS, %d bit drifts%n",
                passes, suite.size(), (long) passes * suite.size(), failures, drifts);
        return failures == 0 && drifts == 0 ? 0 : 1;
    }

    private void inspect(int pass, FixtureComparison comparison) throws IOException {
        String name = comparison.name();
        Outputs coreNow = core.last(name);
        Outputs referenceNow = reference.last(name);
        List<String> lines = new ArrayList<>();
        lines.addAll(drift("core", coreNow, coreBaseline, name));
        lines.addAll(drift("reference", referenceNow, referenceBaseline, name));
        boolean failed = comparison.status() != Status.PASS && comparison.status() != Status.SKIPPED;
        if (!failed && lines.isEmpty()) {
            return;
        }
        Path dir = out.resolve("pass-" + pass + "-" + name);
        ParityReport.write(List.of(comparison), dir);
        StringBuilder text = new StringBuilder("pass " + pass + ": " + name + " is " + comparison.status() + "\n");
        if (failed) {
            failures++;
            text.append(FailureMessage.of(comparison)).append('\n');
        }
        if (!lines.isEmpty()) {
            drifts++;
            text.append("bits that differ from the first pass:\n");
            lines.forEach(line -> text.append("  ").append(line).append('\n'));
        }
        FixtureComparison again = check.check(suite.stream().filter(s -> s.label().equals(comparison.source()))
                .findFirst().orElseThrow());
        text.append("checked again at once: ").append(again.status()).append('\n');
        Files.writeString(dir.resolve("event.txt"), text);
        System.out.print(text);
    }

    /** The changed bits of one side's results against its first pass; records the first pass. */
    private static List<String> drift(String side, Outputs now, Map<String, Outputs> baselines, String fixture) {
        if (now == null) {
            return List.of();
        }
        Outputs baseline = baselines.putIfAbsent(fixture, now);
        if (baseline == null) {
            return List.of();
        }
        return now.differences(baseline, DIFFERENCES_SHOWN).stream().map(line -> side + ": " + line).toList();
    }

    private static byte[] json(List<FixtureComparison> comparisons) throws IOException {
        StringWriter text = new StringWriter();
        JsonReport.write(comparisons, text);
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void writeFingerprint(Path file) throws IOException {
        StringBuilder lines = new StringBuilder();
        coreBaseline.forEach((name, outputs) -> lines.append(name).append(" core ").append(sha256(outputs)).append('\n'));
        referenceBaseline.forEach((name, outputs) ->
                lines.append(name).append(" reference ").append(sha256(outputs)).append('\n'));
        lines.append("report ").append(sha256(reportBaseline)).append('\n');
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, lines);
    }

    /** SHA-256 over every tensor's name, shape and raw bits, in order. */
    static String sha256(Outputs outputs) {
        MessageDigest digest = sha256();
        outputs.tensors().forEach((name, tensor) -> {
            digest.update(name.getBytes(StandardCharsets.UTF_8));
            for (int extent : tensor.shape()) {
                digest.update(java.nio.ByteBuffer.allocate(4).putInt(extent).array());
            }
            java.nio.ByteBuffer bits = java.nio.ByteBuffer.allocate(8 * tensor.size());
            for (int i = 0; i < tensor.size(); i++) {
                bits.putLong(Double.doubleToRawLongBits(tensor.get(i)));
            }
            digest.update(bits.array());
        });
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
