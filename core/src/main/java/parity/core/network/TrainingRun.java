package parity.core.network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;
import parity.api.Fixture;
import parity.api.Tensor;
import parity.api.Training;
import parity.api.Trajectory;
import parity.core.Nd4jTensors;
import parity.core.optim.Optimizer;

/**
 * Runs a fixture's {@code training} block with the hand-written network, step by step: step k takes the
 * gradient of its batch's loss ({@link #batchRows}) and hands it to the block's {@link Optimizer}; the
 * losses recorded are over all N samples, before each step and after the last.
 */
public class TrainingRun {

    private final Fixture fixture;
    private final Function<Fixture, HandwrittenNetwork> networks;
    private final Optimizer optimizer;

    public TrainingRun(Fixture fixture) {
        this(fixture, HandwrittenNetwork::new, Optimizer.of(fixture.training()));
    }

    /**
     * With the given networks (of the fixture and of its batches) and optimiser: the bug catalogue trains its
     * broken variants of either.
     */
    public TrainingRun(Fixture fixture, Function<Fixture, HandwrittenNetwork> networks, Optimizer optimizer) {
        this.fixture = fixture;
        this.networks = networks;
        this.optimizer = optimizer;
    }

    public static Trajectory run(Fixture fixture) {
        return new TrainingRun(fixture).run();
    }

    public Trajectory run() {
        Training training = fixture.training();
        HandwrittenNetwork network = networks.apply(fixture);
        Map<String, INDArray> params = network.initialParameters();
        List<Double> losses = new ArrayList<>();
        List<Map<String, Tensor>> trajectory = new ArrayList<>();
        boolean fullBatch = training.fullBatch(fixture.samples());
        for (int step = 0; step < training.steps(); step++) {
            ForwardPass pass = network.forward(params);
            losses.add(network.loss(pass, params));
            trajectory.add(tensors(params));
            Map<String, INDArray> gradients;
            if (fullBatch) {
                gradients = network.backward(pass, params);
            } else {
                HandwrittenNetwork batch = networks.apply(fixture.batch(batchRows(step)));
                gradients = batch.backward(batch.forward(params), params);
            }
            params = optimizer.step(params, gradients);
        }
        losses.add(network.loss(network.forward(params), params));
        trajectory.add(tensors(params));
        return new Trajectory(losses, trajectory);
    }

    /** The rows of step k (from 0) of a mini-batch run: {@code (k·b + i) mod N}, i = 0 … b-1. */
    protected int[] batchRows(int step) {
        return fixture.training().batchRows(step, fixture.samples());
    }

    private static Map<String, Tensor> tensors(Map<String, INDArray> params) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        params.forEach((name, value) -> tensors.put(name, Nd4jTensors.toTensor(value)));
        return tensors;
    }
}
