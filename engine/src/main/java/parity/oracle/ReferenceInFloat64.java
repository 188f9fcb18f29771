package parity.oracle;

import parity.api.DType;
import parity.api.Fixture;
import parity.api.LossAndGradients;
import parity.api.Trainable;
import parity.api.Trajectory;

/**
 * The reference on the float64 twin of a float32 fixture, from the same (already rounded) values: what
 * both float32 sides would compute without float32's rounding, so that a verdict can name the side that
 * is out of bounds.
 */
public final class ReferenceInFloat64 implements Oracle, Trainable {

    private final AutogradReference reference;

    /**
     * The float64 twin computed by this reference.
     *
     * @param reference PyTorch autograd, with the user's functions
     */
    public ReferenceInFloat64(AutogradReference reference) {
        this.reference = reference;
    }

    @Override
    public boolean appliesTo(Fixture fixture) {
        return fixture.dtype() == DType.FLOAT32;
    }

    @Override
    public String verdictName() {
        return "the reference in float64";
    }

    @Override
    public String name() {
        return "reference-float64";
    }

    @Override
    public String description() {
        return "PyTorch autograd via DJL, in float64 from the same values";
    }

    @Override
    public LossAndGradients lossAndGradients(Fixture fixture) {
        return reference.lossAndGradients(fixture.withDtype(DType.FLOAT64));
    }

    @Override
    public Trajectory train(Fixture fixture) {
        return reference.train(fixture.withDtype(DType.FLOAT64));
    }

    @Override
    public boolean trains(Fixture fixture) {
        return true;
    }

    @Override
    public String toString() {
        return name();
    }
}
