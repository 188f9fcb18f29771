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
import org.opentest4j.TestAbortedException;
import parity.api.Fixture;
import parity.api.Implementation;
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
 * configuration the README gives (Check your own network).
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
     * The fixtures bundled with the gate, in the order of the README's table.
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
        List<FixtureComparison> comparisons = ParityCheck.of(candidate, custom).check(sources);
        Path directory = reportDirectory == null ? ReportDirectory.get() : reportDirectory;
        try {
            ParityReport.write(comparisons, directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the parity reports to " + directory, e);
        }
        return comparisons;
    }

    /**
     * {@link #check} the candidate, then the outcome as dynamic tests: one container per fixture.
     *
     * @param candidate the implementation under test
     * @return what a {@code @TestFactory} returns
     */
    public Stream<DynamicNode> dynamicTests(Implementation candidate) {
        return check(candidate).stream().map(ParitySuite::fixtureTests);
    }

    private static DynamicNode fixtureTests(FixtureComparison comparison) {
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
                tests.add(test(test, comparison, FailureMessage.test(comparison, test, pair, pair.forward())));
            }
            for (TensorDiff tensor : pair.tensors()) {
                String test = name + " › " + pair.label() + " › " + tensor.tensor();
                tests.add(test(test, comparison, FailureMessage.test(comparison, test, pair, List.of(tensor))));
            }
        }
        TrajectoryComparison training = comparison.training();
        if (training != null) {
            String test = name + " › training " + (training.steps().size() - 1) + " steps";
            tests.add(test(test, comparison, FailureMessage.trainingTest(comparison, test)));
        }
        for (TrajectoryComparison run : comparison.recordedTraining()) {
            String test = name + " › training " + run.candidate().name() + " ↔ " + run.reference().name();
            tests.add(test(test, comparison, FailureMessage.trainingTest(comparison, test, run)));
        }
        if (comparison.trainingNotCompared()) {
            String because = comparison.trainingNotComparedBecause();
            tests.add(DynamicTest.dynamicTest(name + " › training", () -> {
                throw new TestAbortedException("training not compared: " + because);
            }));
        }
        return DynamicContainer.dynamicContainer(name + " (" + comparison.source() + ")", tests);
    }

    /** A test that fails (or errs, {@link ParityFailure}) with {@code failure}, or passes when it is null. */
    private static DynamicTest test(String name, FixtureComparison comparison, String failure) {
        return DynamicTest.dynamicTest(name, () -> {
            if (failure != null) {
                ParityFailure.raise(comparison, failure);
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
