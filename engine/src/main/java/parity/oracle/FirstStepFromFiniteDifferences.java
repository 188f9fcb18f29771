package parity.oracle;

import parity.api.DType;
import parity.api.Fixture;
import parity.api.LossAndGradients;

/**
 * The training block's first step computed from finite-difference gradients of step 0's batch, on float64
 * fixtures with a training block. Its values come with the fixture's finite differences
 * ({@code parity.compare.FirstStepOracle}); verdicts count it as finite differences' opinion.
 */
public final class FirstStepFromFiniteDifferences implements Oracle {

    private final FiniteDifferences finiteDifferences;

    /**
     * The first step from these finite differences, whose opinion it counts as.
     *
     * @param finiteDifferences the finite-difference oracle
     */
    public FirstStepFromFiniteDifferences(FiniteDifferences finiteDifferences) {
        this.finiteDifferences = finiteDifferences;
    }

    @Override
    public boolean appliesTo(Fixture fixture) {
        return fixture.dtype() == DType.FLOAT64 && fixture.training() != null;
    }

    @Override
    public String verdictName() {
        return finiteDifferences.verdictName();
    }

    @Override
    public boolean plural() {
        return finiteDifferences.plural();
    }

    @Override
    public Oracle opinion() {
        return finiteDifferences;
    }

    @Override
    public String name() {
        return "numeric first step";
    }

    @Override
    public String description() {
        return "the training block's first step from central finite differences in float64";
    }

    /** Computed with finite differences' gradients, which the check has already estimated. */
    @Override
    public LossAndGradients lossAndGradients(Fixture fixture) {
        throw new UnsupportedOperationException("computed by the check, from the fixture's finite differences");
    }

    @Override
    public String toString() {
        return name();
    }
}
