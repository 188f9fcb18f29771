package parity.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Named;
import org.opentest4j.TestAbortedException;
import parity.api.Fixture;
import parity.api.Implementation;
import parity.api.Trainable;
import parity.compare.FailureMessage;
import parity.compare.FixtureComparison;
import parity.compare.PairComparison;
import parity.compare.ParityCheck;
import parity.compare.Status;
import parity.compare.TensorDiff;
import parity.compare.TrajectoryComparison;
import parity.fixtures.BundledSuite;
import parity.fixtures.FixtureReader;
import parity.fixtures.FixtureSource;
import parity.fixtures.InvalidFixtureException;
import parity.reference.TorchActivation;
import parity.reference.TorchFunction;
import parity.reference.TorchLoss;
import parity.report.ParityReport;
import parity.report.Summary;

/**
 * A set of fixtures to check a network on, as JUnit 5 dynamic tests: the bundled suite, the
 * {@code *.json} files of a directory, single files, or any union of them.
 * <pre>
 * &#64;TestFactory
 * Stream&lt;DynamicNode&gt; parity() {
 *     return ParitySuite.bundled().and(ParitySuite.directory(Path.of("src/test/fixtures"))).dynamicTests(new MyNetwork());
 * }
 * </pre>
 * Every fixture is compared, and the reports written to {@code target/parity-reports/} (see
 * {@code parity.reportDir}), before any test runs, so a failure still leaves whole reports. Then one
 * container per fixture, one test per pair and tensor ({@code fixture › candidate ↔ reference › dW1}),
 * each failing with the gate's message for that tensor: the fixture's summary headed by the test's
 * name (so that a build log's list of failures names it too), then the tensor's differences; a fixture
 * that cannot be read or run is one failing test with its one-line reason; one the network does not
 * support is one skipped test. Surefire and Failsafe put these names into their XML reports with the
 * configuration docs/own-network.md gives (Test names a CI page can show).
 */
public final class ParitySuite {

    private final List<FixtureSource> sources;
    private final Path reportDirectory;
    private final List<TorchFunction> custom;

    private ParitySuite(List<FixtureSource> sources, Path reportDirectory, List<TorchFunction> custom) {
        this.sources = List.copyOf(sources);
        this.reportDirectory = reportDirectory;
        this.custom = List.copyOf(custom);
    }

    private ParitySuite(List<FixtureSource> sources) {
        this(sources, null, List.of());
    }

    /**
     * The fixtures bundled with the gate, in the order of docs/suite.md's table.
     *
     * @return the suite
     */
    public static ParitySuite bundled() {
        return new ParitySuite(BundledSuite.sources());
    }

    /**
     * Every {@code *.json} file directly in {@code directory}, by file name. A directory that is missing
     * or holds no fixture is one failing test, never an empty, passing suite.
     *
     * @param directory the folder of fixtures
     * @return the suite
     */
    public static ParitySuite directory(Path directory) {
        List<FixtureSource> sources = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            sources.add(broken(directory, "no such directory"));
        } else {
            try (Stream<Path> files = Files.list(directory)) {
                files.filter(f -> f.getFileName().toString().endsWith(".json") && Files.isRegularFile(f))
                        .sorted().forEach(f -> sources.add(FixtureSource.file(f)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + directory, e);
            }
            if (sources.isEmpty()) {
                sources.add(broken(directory, "no *.json fixture in this directory"));
            }
        }
        return new ParitySuite(sources);
    }

    /**
     * The given fixture files, in this order.
     *
     * @param files fixture files
     * @return the suite
     */
    public static ParitySuite files(Path... files) {
        return new ParitySuite(Stream.of(files).map(FixtureSource::file).toList());
    }

    /**
     * This suite's fixtures, then the other's.
     *
     * @param other another suite
     * @return both, this one's first
     */
    public ParitySuite and(ParitySuite other) {
        List<FixtureSource> both = new ArrayList<>(sources);
        both.addAll(other.sources);
        List<TorchFunction> functions = new ArrayList<>(custom);
        functions.addAll(other.custom);
        return new ParitySuite(both, reportDirectory, functions);
    }

    /**
     * Reports go to this directory instead of {@code target/parity-reports}.
     *
     * @param directory where the reports are written
     * @return the same fixtures, reporting there
     */
    public ParitySuite reportsTo(Path directory) {
        return new ParitySuite(sources, directory, custom);
    }

    /**
     * The same fixtures, which may also name these activations and losses of your own ({@link TorchActivation},
     * {@link TorchLoss}): each fixture is read, and the reference computes it, with them. Nothing is registered
     * beyond this suite.
     *
     * @param functions your {@link TorchActivation}s and {@link TorchLoss}es
     * @return the suite
     */
    public ParitySuite with(TorchFunction... functions) {
        List<TorchFunction> all = new ArrayList<>(custom);
        all.addAll(List.of(functions));
        return new ParitySuite(sources, reportDirectory, all);
    }

    /**
     * Compares {@code candidate} on every fixture and writes the reports ({@code parity-report.json},
     * {@code .md}, {@code .junit.xml} and {@code index.html}); the comparisons, in suite order.
     *
     * @param candidate the implementation under test
     * @return one comparison per fixture
     */
    public List<FixtureComparison> check(Implementation candidate) {
        return check(candidate, directory());
    }

    private List<FixtureComparison> check(Implementation candidate, Path directory) {
        List<FixtureComparison> comparisons = ParityCheck.of(candidate, custom).check(sources);
        try {
            ParityReport.write(comparisons, directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the parity reports to " + directory, e);
        }
        return comparisons;
    }

    private Path directory() {
        return reportDirectory == null ? ReportDirectory.get() : reportDirectory;
    }

    /**
     * The fixtures as arguments of a {@code @ParameterizedTest} with {@code @MethodSource}, each named by its
     * source: {@code fixture.assertMatches(network)} in the test checks it ({@link ParityCase}).
     *
     * @return what a {@code @MethodSource} method returns
     */
    public Stream<Named<ParityCase>> cases() {
        return sources.stream().map(source -> Named.of(source.label(), new ParityCase(source, custom)));
    }

    /**
     * {@link #check} the candidate, then the outcome as dynamic tests: one container per fixture. The
     * first failing test of a fixture (in suite order) gives the fixture's summary, its own tensors and
     * where the full report is; each other failing test of it one line. The counts and the reports' place
     * are printed once, before the tests run.
     *
     * @param candidate the implementation under test
     * @return what a {@code @TestFactory} returns
     */
    public Stream<DynamicNode> dynamicTests(Implementation candidate) {
        Path directory = directory();
        List<FixtureComparison> comparisons = check(candidate, directory);
        System.out.println("parity: " + Summary.of(comparisons) + skips(comparisons, candidate) + "; reports: "
                + directory.resolve(ParityReport.HTML_FILE) + ", " + directory.resolve(ParityReport.MARKDOWN_FILE));
        List<DynamicNode> containers = new ArrayList<>();
        for (int i = 0; i < comparisons.size(); i++) {
            String report = "  full report: " + directory.resolve(ParityReport.HTML_FILE) + "#"
                    + ParityReport.htmlAnchor(i, comparisons.get(i)) + " (and " + directory.resolve(ParityReport.MARKDOWN_FILE)
                    + ")";
            containers.add(fixtureTests(comparisons.get(i), new FixtureMessages(comparisons.get(i), report)));
        }
        return containers.stream();
    }

    /**
     * What the skipped tests are, which a build's counts do not say: {@code ; skipped: 8 fixtures (mlp does not
     * support them), training of 12 (mlp does not implement Trainable)}; empty when none was.
     */
    private static String skips(List<FixtureComparison> comparisons, Implementation candidate) {
        long fixtures = comparisons.stream().filter(c -> c.status() == Status.SKIPPED).count();
        long training = comparisons.stream().filter(FixtureComparison::trainingNotCompared).count();
        List<String> parts = new ArrayList<>();
        if (fixtures > 0) {
            parts.add(fixtures + (fixtures == 1 ? " fixture" : " fixtures") + " (" + candidate.name()
                    + "'s supports says no)");
        }
        if (training > 0) {
            parts.add("the training of " + training + " (" + (candidate instanceof Trainable
                    ? candidate.name() + "'s trains says no" : candidate.name() + " does not implement Trainable") + ")");
        }
        return parts.isEmpty() ? "" : "; skipped: " + String.join(", ", parts);
    }

    private static DynamicNode fixtureTests(FixtureComparison comparison, FixtureMessages messages) {
        String name = comparison.name();
        List<DynamicNode> tests = new ArrayList<>();
        if (comparison.status() == Status.ERROR) {
            tests.add(test(name + " › loads and runs", comparison, FailureMessage.of(comparison)));
        }
        if (comparison.status() == Status.SKIPPED) {
            tests.add(DynamicTest.dynamicTest(name + " › not run", () -> {
                throw new TestAbortedException(comparison.skippedBecause());
            }));
        }
        for (PairComparison pair : comparison.pairs()) {
            if (!pair.forward().isEmpty()) {
                String test = name + " › " + pair.label() + " › forward pass";
                tests.add(test(test, comparison, messages.tensors(test, pair, pair.forward())));
            }
            for (TensorDiff tensor : pair.tensors()) {
                String test = name + " › " + pair.label() + " › " + tensor.tensor();
                tests.add(test(test, comparison, messages.tensors(test, pair, List.of(tensor))));
            }
        }
        TrajectoryComparison training = comparison.training();
        if (training != null) {
            String test = name + " › training " + (training.steps().size() - 1) + " steps";
            tests.add(test(test, comparison, messages.training(test, training)));
        }
        for (TrajectoryComparison run : comparison.recordedTraining()) {
            String test = name + " › training " + run.candidate().name() + " ↔ " + run.reference().name();
            tests.add(test(test, comparison, messages.training(test, run)));
        }
        if (comparison.trainingNotCompared()) {
            String because = comparison.trainingNotComparedBecause();
            tests.add(DynamicTest.dynamicTest(name + " › training", () -> {
                throw new TestAbortedException("training not compared: " + because);
            }));
        }
        return DynamicContainer.dynamicContainer(name + " (" + comparison.source() + ")", tests);
    }

    /**
     * The messages of one fixture's failing tests, in suite order: the first gives the fixture's summary,
     * its own tensors and where the full report is; each other one line that points to it.
     */
    private static final class FixtureMessages {
        private final FixtureComparison comparison;
        private final String report;
        private String first;

        FixtureMessages(FixtureComparison comparison, String report) {
            this.comparison = comparison;
            this.report = report;
        }

        String tensors(String test, PairComparison pair, List<TensorDiff> tensors) {
            if (tensors.stream().allMatch(TensorDiff::passed)) {
                return null;
            }
            if (first == null) {
                first = test;
                return FailureMessage.test(comparison, test, pair, tensors) + "\n" + report;
            }
            return FailureMessage.line(test, pair, tensors, first);
        }

        String training(String test, TrajectoryComparison run) {
            if (run.passed()) {
                return null;
            }
            if (first == null) {
                first = test;
                return FailureMessage.trainingTest(comparison, test, run) + "\n" + report;
            }
            return FailureMessage.trainingLine(test, run, first);
        }
    }

    /** A test that fails (or errs, {@link ParityFailure}) with {@code failure}, or passes when it is null. */
    private static DynamicTest test(String name, FixtureComparison comparison, String failure) {
        return DynamicTest.dynamicTest(name, () -> {
            if (failure != null) {
                ParityFailure.raiseInSuite(comparison, failure);
            }
        });
    }

    /** A source that is one ERROR with this reason, for a directory that gives no fixture. */
    private static FixtureSource broken(Path directory, String problem) {
        return new FixtureSource() {
            @Override
            public String label() {
                return directory.toString();
            }

            @Override
            public Fixture load(FixtureReader reader) throws InvalidFixtureException {
                throw new InvalidFixtureException(directory.toString(), problem);
            }
        };
    }
}
