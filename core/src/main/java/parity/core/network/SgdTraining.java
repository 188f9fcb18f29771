package parity.core.network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import parity.core.Nd4jTensors;
import parity.fixtures.Fixture;
import parity.fixtures.Tensor;
import parity.fixtures.Trajectory;

/** Runs a fixture's {@code training} block with the hand-written network: full-batch SGD, step by step. */
public final class SgdTraining {

    private SgdTraining() {
    }

    public static Trajectory run(Fixture fixture) {
        return run(fixture, new HandwrittenNetwork(fixture));
    }

    /** Trains with the given network of this fixture (the bug catalogue trains its broken variants). */
    public static Trajectory run(Fixture fixture, HandwrittenNetwork network) {
        Sgd sgd = new Sgd(fixture.training().learningRate());
        Map<String, INDArray> params = network.initialParameters();
        List<Double> losses = new ArrayList<>();
        List<Map<String, Tensor>> trajectory = new ArrayList<>();
        for (int step = 0; step < fixture.training().steps(); step++) {
            ForwardPass pass = network.forward(params);
            losses.add(network.loss(pass, params));
            trajectory.add(tensors(params));
            params = sgd.step(params, network.backward(pass, params));
        }
        losses.add(network.loss(network.forward(params), params));
        trajectory.add(tensors(params));
        return new Trajectory(losses, trajectory);
    }

    private static Map<String, Tensor> tensors(Map<String, INDArray> params) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        params.forEach((name, value) -> tensors.put(name, Nd4jTensors.toTensor(value)));
        return tensors;
    }
}
