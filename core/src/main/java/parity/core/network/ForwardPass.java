package parity.core.network;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The intermediates of one forward pass, one sample per row. {@code a(0)} is the input X;
 * for l = 1 … L, {@code z(l) = a(l-1) · W_lᵀ + b_l} and {@code a(l) = f(z(l))}, except that the output
 * layer is linear: {@code a(L) = z(L)}.
 */
public record ForwardPass(List<INDArray> z, List<INDArray> a) {

    public INDArray z(int layer) {
        return z.get(layer);
    }

    public INDArray a(int layer) {
        return a.get(layer);
    }

    /** z_L, what the loss is taken of. */
    public INDArray output() {
        return z.get(z.size() - 1);
    }
}
