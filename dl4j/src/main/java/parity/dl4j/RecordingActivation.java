package parity.dl4j;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A layer's own activation that keeps a copy of what DL4J hands it, z_l: DL4J's layers compute z_l inside and
 * return only a_l = f(z_l), so this is how z_l is read from DL4J's own forward pass rather than recomputed.
 * Used on a copy of the network that only runs forward: DL4J's losses take shortcuts by the activation's class
 * (LossMCXENT's softmax gradient), which a wrapper would turn off.
 */
final class RecordingActivation extends BaseActivationFunction {

    private final IActivation activation;
    private INDArray lastInput;

    RecordingActivation(IActivation activation) {
        this.activation = activation;
    }

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        // DL4J's activations work in place: the copy must be taken before, and outside DL4J's workspace for the
        // layer, which is closed (and its memory reused) once the forward pass has moved on.
        try (MemoryWorkspace outside = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            lastInput = in.dup();
        }
        return activation.getActivation(in, training);
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        return activation.backprop(in, epsilon);
    }

    /** z of the last forward pass. */
    INDArray lastInput() {
        return lastInput;
    }

    @Override
    public String toString() {
        return "recording " + activation;
    }
}
