package parity.compare;

import java.util.List;
import parity.fixtures.Tensor;

/** Comparisons built from fixed numbers, with no engine behind them. */
final class Stub {

    static final Implementation CANDIDATE = Implementation.of("core", "hand-written backprop on ND4J", f -> {
        throw new UnsupportedOperationException();
    });
    static final Implementation REFERENCE = Implementation.of("reference", "PyTorch autograd via DJL", f -> {
        throw new UnsupportedOperationException();
    });

    private Stub() {
    }

    static FixtureComparison comparison(String name, TensorDiff... tensors) {
        return new FixtureComparison(name, null, CANDIDATE, REFERENCE, List.of(tensors), null);
    }

    static Tensor matrix(double[]... rows) {
        return Tensor.matrix(rows);
    }

}
