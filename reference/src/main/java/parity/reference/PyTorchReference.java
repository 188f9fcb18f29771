package parity.reference;

import java.util.List;
import parity.api.Activation;
import parity.api.Fixture;
import parity.api.LossAndGradients;
import parity.api.Trainable;
import parity.api.Trajectory;

/**
 * PyTorch autograd through DJL as an {@link parity.api.Implementation}: the reference every comparison
 * is relative to ({@link AutogradNetwork}), for the built-in activations and the {@link TorchActivation}s
 * it is given. It computes every fixture, both dtypes, and trains every block.
 */
public final class PyTorchReference implements Trainable {

    private final List<TorchActivation> customActivations;

    /** The reference for fixtures whose activations are built in. */
    public PyTorchReference() {
        this(List.of());
    }

    /** The reference for fixtures whose activations are built in or among {@code customActivations}. */
    public PyTorchReference(List<TorchActivation> customActivations) {
        this.customActivations = List.copyOf(customActivations);
    }

    /** What a fixture reader must know to read the fixtures this reference computes. */
    public List<Activation.Custom> customActivations() {
        return customActivations.stream().map(TorchActivation::activation).toList();
    }

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public String description() {
        return "PyTorch autograd via DJL";
    }

    @Override
    public boolean supports(Fixture fixture) {
        return true;
    }

    @Override
    public LossAndGradients lossAndGradients(Fixture fixture) {
        return new AutogradNetwork(fixture, customActivations).lossAndGradients();
    }

    @Override
    public Trajectory train(Fixture fixture) {
        return new AutogradNetwork(fixture, customActivations).train();
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
