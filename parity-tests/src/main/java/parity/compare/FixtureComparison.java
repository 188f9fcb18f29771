package parity.compare;

import java.util.List;
import parity.fixtures.Fixture;

/**
 * The comparison of one fixture: every tensor's {@link TensorDiff} (loss first, then dW1, db1, …),
 * or, for an ERROR, the one-line reason it could not be compared.
 *
 * @param fixture null for an ERROR before the fixture was read
 */
public record FixtureComparison(
        String source,
        Fixture fixture,
        Implementation candidate,
        Implementation reference,
        List<TensorDiff> tensors,
        String error) {

    public static FixtureComparison error(String source, Fixture fixture, Implementation candidate,
            Implementation reference, String error) {
        return new FixtureComparison(source, fixture, candidate, reference, List.of(), error);
    }

    public Status status() {
        if (error != null) {
            return Status.ERROR;
        }
        return tensors.stream().allMatch(TensorDiff::passed) ? Status.PASS : Status.FAIL;
    }

    /** The fixture's name, or its source when it could not be read. */
    public String name() {
        return fixture == null ? source : fixture.name();
    }
}
