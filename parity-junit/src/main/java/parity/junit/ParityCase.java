package parity.junit;

import java.util.List;
import parity.api.Implementation;
import parity.compare.ParityCheck;
import parity.fixtures.FixtureSource;
import parity.reference.TorchFunction;

/**
 * One fixture of a {@link ParitySuite}, as the argument of a parameterized test: the JUnit idiom beside the
 * suite's dynamic tests, one test per fixture.
 * <pre>{@code
 * static Stream<Named<ParityCase>> fixtures() {
 *     return ParitySuite.bundled().cases();
 * }
 *
 * @ParameterizedTest
 * @MethodSource("fixtures")
 * void matchesPyTorch(ParityCase fixture) {
 *     fixture.assertMatches(new MlpParity());
 * }
 * }</pre>
 */
public final class ParityCase {

    private final FixtureSource source;
    private final List<TorchFunction> custom;

    ParityCase(FixtureSource source, List<TorchFunction> custom) {
        this.source = source;
        this.custom = List.copyOf(custom);
    }

    /**
     * Passes when {@code candidate} agrees with the reference (and finite differences, and PyTorch's recorded
     * values) on this fixture, as {@link ParityAssertions#assertMatchesPyTorch} does, and writes the same
     * reports; a fixture the candidate does not {@linkplain Implementation#supports support} is skipped (the
     * test is aborted with the reason), as in the suite's dynamic tests.
     *
     * @param candidate the implementation under test
     * @throws org.opentest4j.AssertionFailedError with the gate's message when a value is out of tolerance, or
     *     when the file is not a valid fixture
     * @throws ImplementationFailedException when an implementation throws: its exception is the cause
     */
    public void assertMatches(Implementation candidate) {
        ParityAssertions.verdict(ParityCheck.of(candidate, custom).check(source), true);
    }

    /** The fixture's source, as the test's name: {@code bundled:seed-blog.json}. */
    @Override
    public String toString() {
        return source.label();
    }
}
