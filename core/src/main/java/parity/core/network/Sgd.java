package parity.core.network;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import parity.fixtures.Fixture;

/** One step of plain gradient descent: θ ← θ - lr·dθ for every parameter. */
public final class Sgd {

    private final double learningRate;

    public Sgd(double learningRate) {
        this.learningRate = learningRate;
    }

    /** New parameters; the given ones are left as they were. */
    public Map<String, INDArray> step(Map<String, INDArray> params, Map<String, INDArray> gradients) {
        Map<String, INDArray> next = new LinkedHashMap<>();
        params.forEach((name, value) ->
                next.put(name, value.sub(gradients.get(Fixture.gradientName(name)).mul(learningRate))));
        return next;
    }
}
