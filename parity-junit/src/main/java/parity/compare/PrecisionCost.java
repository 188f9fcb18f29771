package parity.compare;

import java.util.List;

/**
 * What float32 costs on a float32 fixture: each side's float32 result against the reference computed
 * in float64 from the same values. Reported beside the parity check, never gating it.
 */
public record PrecisionCost(List<PairComparison> pairs) {

    public PrecisionCost {
        pairs = List.copyOf(pairs);
    }
}
