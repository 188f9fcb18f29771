package parity.oracle;

import parity.api.DType;
import parity.api.Fixture;
import parity.api.LossAndGradients;
import parity.numeric.CentralDifferences;

/**
 * Central finite differences of a plain-Java float64 loss ({@link CentralDifferences}), on float64
 * fixtures: as an implementation every element estimated (the gate itself samples large fixtures), an
 * element skipped at a kink NaN.
 */
public final class FiniteDifferences implements Oracle {

    @Override
    public boolean appliesTo(Fixture fixture) {
        return fixture.dtype() == DType.FLOAT64;
    }

    @Override
    public String verdictName() {
        return "finite differences";
    }

    @Override
    public boolean plural() {
        return true;
    }

    @Override
    public String name() {
        return "numeric";
    }

    @Override
    public String description() {
        return "central finite differences in float64";
    }

    /** Finite differences compute any fixture in float64; the gate holds only float64 fixtures to them. */
    @Override
    public boolean supports(Fixture fixture) {
        return true;
    }

    @Override
    public LossAndGradients lossAndGradients(Fixture fixture) {
        return new CentralDifferences(fixture, false).gradients().values();
    }

    @Override
    public String toString() {
        return name();
    }
}
