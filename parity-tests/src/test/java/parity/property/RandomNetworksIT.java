package parity.property;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import parity.api.DType;
import parity.api.Fixture;
import parity.compare.FailureMessage;
import parity.compare.FixtureComparison;
import parity.compare.PairComparison;
import parity.compare.ParityCheck;
import parity.compare.Status;
import parity.compare.TensorDiff;
import parity.property.RandomNetworks.Init;
import parity.support.Core;

/**
 * Correct networks must pass, whatever their initialisation and dtype, trained or not (a network whose
 * training overflows is an ERROR that says so, not a FAIL): {@code randomNetworks.count}
 * networks (default 60; the {@code random-networks} profile runs 1,000) of each initialisation and dtype
 * from {@link RandomNetworks}, seeds {@link #FIRST_SEED} on, each checked by the whole gate (core ↔
 * reference and every oracle). Prints, per pair, the largest share of its allowance any element used,
 * with the seed: how close correct networks come to a false FAIL.
 */
class RandomNetworksIT {

    /** The first seed: 20261206, or {@code randomNetworks.firstSeed} to check networks nobody has seen. */
    static final long FIRST_SEED = Long.getLong("randomNetworks.firstSeed", 20261206L);
    private static final int COUNT = Integer.getInteger("randomNetworks.count", 60);

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"FAN_IN, FLOAT32", "UNSCALED, FLOAT32", "FAN_IN, FLOAT64", "UNSCALED, FLOAT64"})
    void correctNetworksPass(Init init, DType dtype) {
        check(init, dtype, false);
    }

    @ParameterizedTest(name = "{0} {1}, trained")
    @CsvSource({"FAN_IN, FLOAT32", "UNSCALED, FLOAT32", "FAN_IN, FLOAT64", "UNSCALED, FLOAT64"})
    void correctNetworksTrainThePass(Init init, DType dtype) {
        check(init, dtype, true);
    }

    private static void check(Init init, DType dtype, boolean trained) {
        ParityCheck check = ParityCheck.of(Core.IMPLEMENTATION);
        Map<String, double[]> largest = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        int diverging = 0;
        int cut = 0;
        int cutBeforeStep2 = 0;
        for (long seed = FIRST_SEED; seed < FIRST_SEED + COUNT; seed++) {
            Fixture fixture = trained ? RandomNetworks.trained(seed, init, dtype) : RandomNetworks.fixture(seed, init, dtype);
            FixtureComparison comparison = check.check(fixture.source(), fixture);
            if (comparison.status() == Status.ERROR && comparison.error().contains(": training diverges: ")) {
                diverging++;
            } else if (comparison.status() != Status.PASS) {
                failures.add(comparison.status() == Status.ERROR ? comparison.error() : FailureMessage.of(comparison));
            }
            if (comparison.training() != null && comparison.training().uncompared() != null) {
                cut++;
                cutBeforeStep2 += comparison.training().steps().size() <= 2 ? 1 : 0;
            }
            for (PairComparison pair : comparison.pairs()) {
                for (TensorDiff tensor : pair.inDivergenceOrder()) {
                    if (tensor.errors() != null) {
                        double ratio = tensor.errors().largestRatio();
                        double[] known = largest.computeIfAbsent(pair.label(), k -> new double[] {-1, 0});
                        if (ratio > known[0]) {
                            known[0] = ratio;
                            known[1] = seed;
                        }
                    }
                }
            }
        }
        StringBuilder summary = new StringBuilder(init + " " + dtype.jsonName() + (trained ? ", trained" : "") + ": "
                + (COUNT - failures.size() - diverging) + " of " + COUNT + " PASS"
                + (trained ? ", " + diverging + " ERROR as their training diverges; " + cut + " runs compared up to the "
                        + "step where rounding alone can part them (" + cutBeforeStep2 + " before step 2)" : "")
                + "; largest share of the allowance per pair:");
        largest.forEach((label, known) -> summary.append("\n  ").append(label).append(": ").append(known[0])
                .append(" (seed ").append((long) known[1]).append(")"));
        System.out.println(summary);
        assertEquals(List.of(), failures, summary.toString());
    }
}
