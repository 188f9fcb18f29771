package parity.reference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.function.BinaryOperator;
import java.util.function.ToDoubleBiFunction;
import parity.api.Loss;
import parity.api.Targets;
import parity.api.Tensor;

/**
 * A loss of your own, as the gate needs it: its value in plain float64 Java (for finite differences) and in
 * DJL ops (for the reference, which autograd differentiates). Your own network brings its hand-written
 * dL/dz_L, and the gate checks it against both; a wrong one fails naming the output delta δ_L.
 *
 * <p>The DJL forward gets z_L (N×D_out, in the fixture's dtype) and the targets on the same manager: class
 * indices as an int64 vector of N, or an N×D_out matrix in the fixture's dtype, as the loss's
 * {@link Loss#targetKind() target kind} says. It returns the data loss, a scalar; the L2 term is added by the
 * gate. Constants are tensors made with {@code z.getManager().create(value)}, never Java numbers, as for a
 * {@link TorchActivation}; {@link #of} refuses a forward whose backward reads freed memory.
 *
 * @param loss the name, the targets it takes and the plain value, as fixtures and finite differences see it
 * @param forward the data loss of (z_L, targets) on libtorch, recorded for autograd
 */
public record TorchLoss(Loss.Custom loss, BinaryOperator<NDArray> forward) implements TorchFunction {

    /** z of the freed-memory check, 2 samples × 4 outputs, and its targets. */
    private static final Shape PROBE_SHAPE = new Shape(2, 4);
    private static final long[] PROBE_LABELS = {1, 3};
    private static final double[] PROBE_VALUES = {0.5, -1.25, 2, 0, -0.5, 1.5, -3, 0.25};

    /**
     * The loss {@code name}, its forward run here twice, the second time with a garbage collection between
     * its forward and backward pass: one whose gradient changes then is refused, since it would fail now and
     * then at random.
     *
     * @param targetKind what the fixtures' targets are: class indices or an N×D_out matrix
     * @param plainValue the data loss in float64 of z_L (N×D_out) against the targets
     * @param forward the same on libtorch: (z_L, targets) to a scalar
     * @param name the name fixtures give it (see {@link Loss.Custom})
     * @return the loss
     * @throws IllegalArgumentException for a built-in name or a malformed one (see {@link Loss.Custom}), or a
     *     forward whose backward reads memory a garbage collection frees
     */
    public static TorchLoss of(String name, Targets.Kind targetKind, ToDoubleBiFunction<Tensor, Targets> plainValue,
            BinaryOperator<NDArray> forward) {
        Loss.Custom loss = new Loss.Custom(name, targetKind, plainValue);
        FreedMemoryCheck.require("loss \"" + name + "\"", FreedMemoryCheck.PROBE,
                z -> forward.apply(z.reshape(PROBE_SHAPE), probeTargets(z.getManager(), targetKind)));
        return new TorchLoss(loss, forward);
    }

    @Override
    public String name() {
        return loss.jsonName();
    }

    /** Targets as the forward gets them: int64 class indices, or a matrix in z's dtype. */
    static NDArray targets(NDManager manager, Targets targets, DataType dtype) {
        if (targets instanceof Targets.ClassLabels labels) {
            long[] indices = java.util.Arrays.stream(labels.labels()).asLongStream().toArray();
            return manager.create(indices);
        }
        Tensor values = ((Targets.Values) targets).values();
        long[] shape = java.util.Arrays.stream(values.shape()).asLongStream().toArray();
        return manager.create(values.data(), new Shape(shape)).toType(dtype, false);
    }

    private static NDArray probeTargets(NDManager manager, Targets.Kind kind) {
        return switch (kind) {
            case CLASS_LABELS -> manager.create(PROBE_LABELS);
            case VALUES -> manager.create(PROBE_VALUES, PROBE_SHAPE);
        };
    }
}
