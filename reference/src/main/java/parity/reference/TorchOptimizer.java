package parity.reference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.Map;
import parity.api.Tensor;
import parity.api.Training;

/**
 * An optimiser of {@code torch.optim} written in libtorch ops, the update rule of each as torch implements it
 * (the single-tensor path; trajectories checked against torch 1.13's {@code torch.optim} with
 * {@code tools/torch-trajectory.py}). DJL's own optimisers are not used: {@code ai.djl.training.optimizer.Adam}
 * folds the bias corrections into the learning rate, {@code lr·√(1 - β2^t) / (1 - β1^t) · m / (√v + ε)},
 * which puts ε outside the bias correction (torch divides √v by √(1 - β2^t) and then adds ε), and holds
 * lr, β1, β2 and ε as floats.
 *
 * <p>State (momentum buffers, moments) is kept per parameter from step to step as {@link Tensor}s, which
 * hold a float32 or float64 array's values exactly, so that no native array outlives its step's manager.
 * A Java number in an op here ({@code mul(0.9)}) is safe: no autograd graph keeps it.
 */
abstract class TorchOptimizer {

    private final Map<String, Tensor> state = new HashMap<>();

    static TorchOptimizer of(Training training) {
        double lr = training.learningRate();
        return training.optimizer().match(sgd -> new TorchSgd(lr, sgd), adam -> new TorchAdam(lr, adam));
    }

    /** Called once before each step's updates. */
    void beginStep() {
    }

    /** One parameter's new value from its gradient, in the parameter's manager and dtype. */
    abstract NDArray update(String name, NDArray param, NDArray gradient);

    /** The named state of a parameter, or null before it has any. */
    NDArray state(NDArray like, String key) {
        Tensor value = state.get(key);
        if (value == null) {
            return null;
        }
        long[] shape = java.util.Arrays.stream(value.shape()).asLongStream().toArray();
        return like.getManager().create(value.data(), new Shape(shape)).toType(like.getDataType(), false);
    }

    /** The named state of a parameter, or zeros like it. */
    NDArray stateOrZeros(NDArray like, String key) {
        NDArray value = state(like, key);
        return value == null ? like.zerosLike() : value;
    }

    void keep(String key, NDArray value) {
        state.put(key, AutogradNetwork.toTensor(value));
    }

}
