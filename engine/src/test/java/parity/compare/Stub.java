package parity.compare;

import java.util.ArrayList;
import java.util.List;
import parity.api.Implementation;
import parity.api.Tensor;

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

    /** A core ↔ reference comparison of these tensors, after a loss that agrees unless one is given. */
    static FixtureComparison comparison(String name, TensorDiff... tensors) {
        List<TensorDiff> all = new ArrayList<>(List.of(tensors));
        if (!tensors[0].tensor().equals("loss")) {
            all.add(0, TensorDiff.of("loss", Tensor.scalar(1), Tensor.scalar(1), tensors[0].tolerance()));
        }
        return FixtureComparison.of(name, null, new PairComparison(CANDIDATE, REFERENCE, tensors[0].tolerance(), all));
    }
}
