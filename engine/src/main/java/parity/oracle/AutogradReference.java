package parity.oracle;

import java.util.List;
import parity.api.Activation;
import parity.api.Fixture;
import parity.api.Loss;
import parity.api.LossAndGradients;
import parity.api.Trainable;
import parity.api.Trajectory;
import parity.reference.PyTorchReference;
import parity.reference.TorchFunction;

/**
 * PyTorch autograd through DJL ({@link PyTorchReference}): the reference every comparison is relative to,
 * on every fixture, training included. Unlike the other oracles it computes the network itself, so a
 * verdict can find it wrong.
 */
public final class AutogradReference implements Oracle, Trainable {

    private final PyTorchReference pytorch;

    /**
     * The reference for fixtures whose activations and losses are built in or among {@code custom}.
     *
     * @param custom the user's activations and losses, with their libtorch forwards
     */
    public AutogradReference(List<? extends TorchFunction> custom) {
        this.pytorch = new PyTorchReference(custom);
    }

    /**
     * The activations a fixture reader must know to read the fixtures this reference computes.
     *
     * @return the activations among the custom functions
     */
    public List<Activation.Custom> customActivations() {
        return pytorch.customActivations();
    }

    /**
     * The losses a fixture reader must know to read the fixtures this reference computes.
     *
     * @return the losses among the custom functions
     */
    public List<Loss.Custom> customLosses() {
        return pytorch.customLosses();
    }

    @Override
    public boolean appliesTo(Fixture fixture) {
        return true;
    }

    @Override
    public String verdictName() {
        return name();
    }

    @Override
    public boolean judged() {
        return true;
    }

    @Override
    public String name() {
        return pytorch.name();
    }

    @Override
    public String description() {
        return pytorch.description();
    }

    @Override
    public LossAndGradients lossAndGradients(Fixture fixture) {
        return pytorch.lossAndGradients(fixture);
    }

    @Override
    public Trajectory train(Fixture fixture) {
        return pytorch.train(fixture);
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
