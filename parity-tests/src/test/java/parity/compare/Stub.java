package parity.compare;

import java.util.List;

/** Comparisons built from fixed numbers, with no engine behind them. */
final class Stub {

    static final Implementation CANDIDATE = Implementation.of("core", "hand-written backprop on ND4J", f -> {
        throw new UnsupportedOperationException();
    }, null);
    static final Implementation REFERENCE = Implementation.of("reference", "PyTorch autograd via DJL", f -> {
        throw new UnsupportedOperationException();
    }, null);

    private Stub() {
    }

    static FixtureComparison comparison(String name, TensorDiff... tensors) {
        return FixtureComparison.of(name, null,
                new PairComparison(CANDIDATE, REFERENCE, tensors[0].tolerance(), List.of(tensors)));
    }

}
