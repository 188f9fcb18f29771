package parity.reference;

import java.util.List;
import parity.api.Activation;
import parity.api.Fixture;
import parity.api.Loss;
import parity.api.LossAndGradients;
import parity.api.Trainable;
import parity.api.Trajectory;

/**
 * PyTorch autograd through DJL as an {@link parity.api.Implementation}: the reference every comparison
 * is relative to ({@link AutogradNetwork}), for the built-in activations and losses and the
 * {@link TorchFunction}s it is given. It computes every fixture, both dtypes, and trains every block.
 */
public final class PyTorchReference implements Trainable {

    private final List<TorchFunction> custom;

    /** The reference for fixtures whose activations and losses are built in. */
    public PyTorchReference() {
        this(List.of());
    }

    /**
     * The reference for fixtures whose activations and losses are built in or among {@code custom}.
     *
     * @param custom activations and losses of a user's own, with their libtorch forwards
     */
    public PyTorchReference(List<? extends TorchFunction> custom) {
        this.custom = List.copyOf(custom);
    }

    /**
     * The activations a fixture reader must know to read the fixtures this reference computes.
     *
     * @return the activations among the custom functions, as fixtures and finite differences see them
     */
    public List<Activation.Custom> customActivations() {
        return custom.stream().filter(TorchActivation.class::isInstance)
                .map(f -> ((TorchActivation) f).activation()).toList();
    }

    /**
     * The losses a fixture reader must know to read the fixtures this reference computes.
     *
     * @return the losses among the custom functions, as fixtures and finite differences see them
     */
    public List<Loss.Custom> customLosses() {
        return custom.stream().filter(TorchLoss.class::isInstance).map(f -> ((TorchLoss) f).loss()).toList();
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
        return new AutogradNetwork(fixture, custom).lossAndGradients();
    }

    @Override
    public Trajectory train(Fixture fixture) {
        return new AutogradNetwork(fixture, custom).train();
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
