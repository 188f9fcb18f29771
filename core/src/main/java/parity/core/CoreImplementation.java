package parity.core;

import parity.api.Fixture;
import parity.api.LossAndGradients;
import parity.api.Trainable;
import parity.api.Trajectory;
import parity.core.activation.ActivationFunction;
import parity.core.loss.DataLoss;
import parity.core.network.HandwrittenNetwork;
import parity.core.network.TrainingRun;

/**
 * This project's hand-written backprop on ND4J, as the gate sees it: through the same public
 * {@link Trainable} interface as any user's network, found by {@link java.util.ServiceLoader} under the
 * name {@code core}. It computes both dtypes, with the built-in activations only.
 */
public final class CoreImplementation implements Trainable {

    @Override
    public String name() {
        return "core";
    }

    @Override
    public String description() {
        return "hand-written backprop on ND4J";
    }

    @Override
    public boolean supports(Fixture fixture) {
        return fixture.activations().stream().allMatch(ActivationFunction::isBuiltIn) && DataLoss.isBuiltIn(fixture.loss());
    }

    @Override
    public LossAndGradients lossAndGradients(Fixture fixture) {
        return new HandwrittenNetwork(fixture).lossAndGradients();
    }

    @Override
    public Trajectory train(Fixture fixture) {
        return TrainingRun.run(fixture);
    }

    /** Every training block: SGD with momentum and weight decay, Adam, AdamW, mini-batches. */
    @Override
    public boolean trains(Fixture fixture) {
        return true;
    }

    @Override
    public String toString() {
        return name();
    }
}
