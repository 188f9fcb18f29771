package example;

import ai.djl.nn.Activation;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import parity.api.Targets;
import parity.api.Tensor;
import parity.junit.ParityAssertions;
import parity.junit.ParityCase;
import parity.junit.ParitySuite;
import parity.reference.TorchActivation;
import parity.reference.TorchLoss;

class MlpParityTest {

    /** swish(z) = z·σ(z) is not built in: its forward for finite differences, and for PyTorch in DJL ops. */
    private static final TorchActivation SWISH =
            TorchActivation.of("swish", z -> z / (1 + Math.exp(-z)), z -> z.mul(Activation.sigmoid(z)));

    /** log-cosh, the mean of log(cosh(z - t)), is not built in either: its value in plain Java and in DJL ops. */
    private static final TorchLoss LOG_COSH = TorchLoss.of("log_cosh", Targets.Kind.VALUES, MlpParityTest::logCosh,
            (z, t) -> z.sub(t).cosh().log().mean());

    /** One fixture of my own, one assertion. */
    @Test
    void xorLikeFixture() {
        ParityAssertions.assertMatchesPyTorch(new MlpParity(), Path.of("src/test/fixtures/xor-sigmoid.json"));
    }

    /** The bundled fixtures my network supports, then my own: one test per fixture, pair and tensor. */
    @TestFactory
    Stream<DynamicNode> allFixtures() {
        return ParitySuite.bundled().and(ParitySuite.directory(Path.of("src/test/fixtures"))).with(SWISH, LOG_COSH)
                .dynamicTests(new MlpParity());
    }

    /** My own fixtures again, as a parameterized test: one test per fixture. */
    @ParameterizedTest
    @MethodSource("myFixtures")
    void eachOfMyFixtures(ParityCase fixture) {
        fixture.assertMatches(new MlpParity());
    }

    static Stream<Named<ParityCase>> myFixtures() {
        return ParitySuite.directory(Path.of("src/test/fixtures")).with(SWISH, LOG_COSH).cases();
    }

    private static double logCosh(Tensor z, Targets targets) {
        double[] t = ((Targets.Values) targets).values().data();
        double sum = 0;
        for (int i = 0; i < t.length; i++) {
            sum += Math.log(Math.cosh(z.get(i) - t[i]));
        }
        return sum / t.length;
    }
}
