package parity.oracle;

import parity.api.Expected;
import parity.api.Fixture;
import parity.api.LossAndGradients;
import parity.api.Trainable;
import parity.api.Trajectory;

/**
 * PyTorch itself (Python: torch.nn, torch.optim), as {@code tools/record-expected.py} recorded it in a
 * fixture's {@code expected} block: an opinion on the fixtures that carry one.
 */
public final class RecordedValues implements Oracle, Trainable {

    @Override
    public boolean appliesTo(Fixture fixture) {
        return fixture.expected() != null;
    }

    @Override
    public String verdictName() {
        return "the recorded PyTorch values";
    }

    @Override
    public boolean plural() {
        return true;
    }

    @Override
    public String name() {
        return "recorded";
    }

    @Override
    public String description() {
        return "PyTorch (Python: torch.nn, torch.optim) as recorded in the fixture";
    }

    @Override
    public LossAndGradients lossAndGradients(Fixture fixture) {
        return expected(fixture).lossAndGradients();
    }

    @Override
    public Trajectory train(Fixture fixture) {
        return expected(fixture).trajectory();
    }

    @Override
    public boolean trains(Fixture fixture) {
        return appliesTo(fixture) && fixture.expected().hasTraining();
    }

    private static Expected expected(Fixture fixture) {
        if (fixture.expected() == null) {
            throw new IllegalStateException(fixture.source() + ": carries no recorded values (expected)");
        }
        return fixture.expected();
    }

    @Override
    public String toString() {
        return name();
    }
}
