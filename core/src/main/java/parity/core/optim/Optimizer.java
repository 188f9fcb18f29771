package parity.core.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import parity.api.Fixture;
import parity.api.Training;

/**
 * An optimiser of {@code torch.optim}, written out by hand: one step updates every parameter from its
 * gradient and its own state (kept per parameter name, from step to step).
 */
public abstract class Optimizer {

    /** The training block's optimiser, with its settings. */
    public static Optimizer of(Training training) {
        double lr = training.learningRate();
        return training.optimizer().match(sgd -> new Sgd(lr, sgd), adam -> new Adam(lr, adam));
    }

    /** New parameters after one step (the given ones are left as they were), keyed W1, b1, … */
    public Map<String, INDArray> step(Map<String, INDArray> params, Map<String, INDArray> gradients) {
        beginStep();
        Map<String, INDArray> next = new LinkedHashMap<>();
        params.forEach((name, value) -> next.put(name, update(name, value, gradients.get(Fixture.gradientName(name)))));
        return next;
    }

    /** Called once before each step's updates: where a step count goes up. */
    protected void beginStep() {
    }

    /** One parameter's new value from its gradient; {@code name} keys its state. */
    protected abstract INDArray update(String name, INDArray param, INDArray gradient);
}
