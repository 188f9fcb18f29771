package parity.oracle;

import parity.api.Fixture;
import parity.api.Implementation;

/**
 * An opinion the gate holds a network under test against: PyTorch autograd ({@link AutogradReference}),
 * finite differences ({@link FiniteDifferences}), the values PyTorch itself recorded in the fixture
 * ({@link RecordedValues}), the reference again in float64 ({@link ReferenceInFloat64}), and the first
 * training step from finite differences ({@link FirstStepFromFiniteDifferences}). Each says which fixtures
 * it has an opinion on, computes it as an {@link Implementation} does, and says how verdicts name it. The
 * engine recognises an oracle by its type, never by its name: a user's network called {@code numeric} is
 * a network, not finite differences.
 */
public interface Oracle extends Implementation {

    /**
     * Whether it has an opinion on this fixture.
     *
     * @param fixture a fixture
     * @return true when it does
     */
    boolean appliesTo(Fixture fixture);

    /**
     * How a verdict's sentence names it: {@code finite differences}, {@code the reference in float64}; for
     * the reference, which a verdict may find wrong as it finds a network wrong, its {@link #name()}.
     *
     * @return the name
     */
    String verdictName();

    /**
     * Whether a verdict may find it wrong, as it finds a network under test wrong ({@code the reference is
     * wrong}): autograd, which computes the network as the candidate does. The others only disagree
     * ({@code finite differences disagree with core and the reference}): they estimate or recall.
     *
     * @return true for autograd; false by default
     */
    default boolean judged() {
        return false;
    }

    /**
     * Whether {@link #verdictName()} takes a plural verb: {@code finite differences disagree}.
     *
     * @return false by default
     */
    default boolean plural() {
        return false;
    }

    /**
     * Whose opinion this is, when verdicts count opinions: the first step from finite differences is theirs.
     *
     * @return this oracle, by default
     */
    default Oracle opinion() {
        return this;
    }

    @Override
    default boolean supports(Fixture fixture) {
        return appliesTo(fixture);
    }
}
