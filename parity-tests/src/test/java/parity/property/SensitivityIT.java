package parity.property;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import parity.api.Activation;
import parity.api.DType;
import parity.api.Fixture;
import parity.api.Implementation;
import parity.api.Tolerance;
import parity.compare.FixtureComparison;
import parity.compare.ParityCheck;
import parity.compare.Status;
import parity.core.network.ForwardPass;
import parity.core.network.HandwrittenNetwork;
import parity.property.RandomNetworks.Init;

/**
 * No loss of sensitivity: core with σ' off by 0.1 %, 0.01 % and 0.001 % (× 1.001, × 1.0001, × 1.00001) on
 * {@value #NETWORKS} random float32 sigmoid networks with a hidden layer per initialisation ({@link RandomNetworks}, seeds {@link RandomNetworksIT#FIRST_SEED}
 * on), checked under the float32 rounding bound and, as before it, under the fixed float32 tolerance
 * (rtol 1.3e-6, atol 1e-5, stated in the fixture, core ↔ reference alone as the gate then was). The bound
 * must catch the bug on at least as many networks as the fixed tolerance did; both counts are printed.
 */
class SensitivityIT {

    private static final int NETWORKS = 100;
    private static final Tolerance FIXED = new Tolerance(1.3e-6, 1e-5);

    /** Core with every σ' multiplied by {@code factor}. */
    private static Implementation slightlyWrong(double factor) {
        return Implementation.of("core with σ'·" + factor, "core with the sigmoid derivative off by a factor "
                + factor, fixture -> new HandwrittenNetwork(fixture) {
                    @Override
                    protected INDArray activationDerivative(int layer, ForwardPass pass) {
                        return super.activationDerivative(layer, pass).muli(factor);
                    }
                }.lossAndGradients());
    }

    @ParameterizedTest(name = "{0}, σ'·{1}")
    @CsvSource({"FAN_IN, 1.001", "UNSCALED, 1.001", "FAN_IN, 1.0001", "UNSCALED, 1.0001", "FAN_IN, 1.00001",
        "UNSCALED, 1.00001"})
    void theBoundCatchesAtLeastWhatTheFixedToleranceCaught(Init init, double factor) {
        ParityCheck check = ParityCheck.of(slightlyWrong(factor));
        List<Long> underBound = new ArrayList<>();
        List<Long> underFixed = new ArrayList<>();
        int networks = 0;
        for (long seed = RandomNetworksIT.FIRST_SEED; networks < NETWORKS; seed++) {
            Fixture fixture = RandomNetworks.uniformFixture(seed, init, DType.FLOAT32);
            if (fixture.activation() != Activation.BuiltIn.SIGMOID || fixture.depth() < 2) {
                continue;
            }
            networks++;
            if (check.check(fixture.source(), fixture).status() == Status.FAIL) {
                underBound.add(seed);
            }
            Fixture fixed = fixture.withTolerance(FIXED);
            FixtureComparison before = check.check(fixed.source(), fixed);
            if (!before.primary().passed()) {
                underFixed.add(seed);
            }
        }
        String counts = init + ": σ'·" + factor + " caught on " + underBound.size() + " of " + NETWORKS
                + " float32 sigmoid networks under the rounding bound, " + underFixed.size()
                + " under the fixed tolerance";
        System.out.println(counts);
        List<Long> lost = new ArrayList<>(underFixed);
        lost.removeAll(underBound);
        System.out.println("  caught by the fixed tolerance only: " + lost);
        assertTrue(underBound.size() >= underFixed.size(), counts);
    }
}
