package parity.dl4j;

import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import parity.api.Fixture;
import parity.api.LossAndGradients;
import parity.api.Tensor;
import parity.api.Trainable;
import parity.api.Trajectory;

/**
 * Deeplearning4j's {@code MultiLayerNetwork} as the gate sees it, found by {@link java.util.ServiceLoader} under
 * the name {@code dl4j}: each fixture built as DL4J's dense and output layers ({@link Dl4jNetworks}), its loss and
 * gradients as DL4J computes them ({@link GradientPass}), its forward intermediates from DL4J's own forward pass
 * ({@link ForwardPass}), its training run by DL4J's updaters ({@link TrainingRun}). What DL4J cannot express
 * faithfully ({@link Dl4jSupport}) is not supported, or not trained, and so reported as skipped, never passed.
 *
 * <p>The constructor touches nothing of ND4J: the registry instantiates every implementation it finds, also where
 * only another is run.
 */
public class Dl4jImplementation implements Trainable {

    private final Dl4jNetworks networks;

    public Dl4jImplementation() {
        this(new Dl4jNetworks());
    }

    /** With another way of building the networks: a test breaks one of the adapter's choices on purpose. */
    Dl4jImplementation(Dl4jNetworks networks) {
        this.networks = networks;
    }

    @Override
    public String name() {
        return "dl4j";
    }

    @Override
    public String description() {
        return "Deeplearning4j 1.0.0-M2.1 MultiLayerNetwork";
    }

    @Override
    public boolean supports(Fixture fixture) {
        return Dl4jSupport.whyNot(fixture) == null;
    }

    @Override
    public LossAndGradients lossAndGradients(Fixture fixture) {
        MultiLayerNetwork network = networks.network(fixture);
        Map<String, Tensor> forward = ForwardPass.of(network, fixture);
        LossAndGradients values = GradientPass.of(network, fixture);
        return new LossAndGradients(values.loss(), values.gradients(), forward);
    }

    @Override
    public boolean trains(Fixture fixture) {
        return Dl4jSupport.whyNotTrained(fixture) == null;
    }

    @Override
    public Trajectory train(Fixture fixture) {
        return new TrainingRun(fixture, networks).run();
    }

    @Override
    public String toString() {
        return name();
    }
}
