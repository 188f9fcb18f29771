package parity.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;
import parity.api.Fixture;
import parity.api.Implementation;
import parity.compare.FailureMessage;
import parity.compare.FixtureComparison;
import parity.compare.ParityCheck;
import parity.compare.Status;
import parity.fixtures.FixtureSource;
import parity.reference.TorchFunction;
import parity.report.ParityReport;

/**
 * One fixture, one assertion: your network's loss and gradients against PyTorch autograd, with
 * finite differences as the third oracle on float64 fixtures, and training compared step by step when
 * the network is {@link parity.api.Trainable} and the fixture has a training block. Every element
 * must satisfy {@code |a - b| <= atol + rtol * |b|}, b being the reference, at the fixture's tolerance.
 *
 * <p>It fails with exactly the gate's message ({@link FailureMessage}): first a summary (which side the
 * oracles find wrong, the rule of the network that is broken, where the two networks first part, how
 * many tensors fail per pair), then per failing pair its tolerance and every tensor out of tolerance
 * with its worst elements. Either way it writes {@code parity-report.json}, {@code .md}, {@code .junit.xml}
 * and {@code index.html} to
 * {@code target/parity-reports/FIXTURE-NAME/} (see {@code parity.reportDir}), each report whole or not
 * at all.
 *
 * <p>It may be called from many test threads at once (JUnit's parallel execution): the reference's
 * PyTorch work runs one call at a time per JVM, as DJL allows one gradient collector at a time, with
 * libtorch on one thread, and gives the same bits either way.
 */
public final class ParityAssertions {

    private ParityAssertions() {
    }

    /**
     * Passes when {@code candidate} agrees with the reference (and finite differences) on the fixture, whose
     * activations and loss may be among {@code custom}.
     *
     * @param candidate the implementation under test
     * @param fixture the network, its parameters and its data
     * @param custom activations and losses of your own that the fixture may name; none for built-in ones
     * @throws AssertionFailedError with the gate's message when any value is out of tolerance, or when the
     *     candidate does not {@linkplain Implementation#supports support} the fixture
     * @throws ImplementationFailedException when an implementation throws: its exception is the cause
     */
    public static void assertMatchesPyTorch(Implementation candidate, Fixture fixture, TorchFunction... custom) {
        verdict(ParityCheck.of(candidate, List.of(custom)).check(fixture.source(), fixture));
    }

    /**
     * The same for a fixture file, whose activations and loss may be among {@code custom} (your
     * {@link parity.reference.TorchActivation}s and {@link parity.reference.TorchLoss}es); a file that is not a
     * valid fixture fails with its one-line reason ({@code file: json.path: problem}).
     *
     * @param candidate the implementation under test
     * @param fixtureFile a fixture file
     * @param custom activations and losses of your own that the fixture may name; none for built-in ones
     */
    public static void assertMatchesPyTorch(Implementation candidate, Path fixtureFile, TorchFunction... custom) {
        verdict(ParityCheck.of(candidate, List.of(custom)).check(FixtureSource.file(fixtureFile)));
    }

    private static void verdict(FixtureComparison comparison) {
        verdict(comparison, false);
    }

    /** Writes the fixture's reports, then passes, fails or (a fixture not supported, when {@code skipUnsupported}) aborts. */
    static void verdict(FixtureComparison comparison, boolean skipUnsupported) {
        Path directory = ReportDirectory.forFixture(comparison);
        try {
            ParityReport.write(List.of(comparison), directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the parity reports to " + directory, e);
        }
        if (comparison.status() == Status.SKIPPED) {
            if (skipUnsupported) {
                throw new TestAbortedException(comparison.name() + ": not run: " + comparison.skippedBecause());
            }
            throw ParityFailure.failure(comparison.name() + ": not run: " + comparison.skippedBecause());
        }
        if (comparison.status() != Status.PASS) {
            ParityFailure.raise(comparison, FailureMessage.of(comparison));
        }
    }
}
