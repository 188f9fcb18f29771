package example;

import ai.djl.nn.Activation;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import parity.junit.ParityAssertions;
import parity.junit.ParitySuite;
import parity.reference.TorchActivation;

class MlpParityTest {

    /** swish(z) = z·σ(z) is not built in: its forward for finite differences, and for PyTorch in DJL ops. */
    private static final TorchActivation SWISH =
            TorchActivation.of("swish", z -> z / (1 + Math.exp(-z)), z -> z.mul(Activation.sigmoid(z)));

    /** One fixture of my own, one assertion. */
    @Test
    void xorLikeFixture() {
        ParityAssertions.assertMatchesPyTorch(new MlpParity(), Path.of("src/test/fixtures/xor-sigmoid.json"));
    }

    /** The bundled fixtures my network supports, then my own: one test per fixture, pair and tensor. */
    @TestFactory
    Stream<DynamicNode> allFixtures() {
        return ParitySuite.bundled().and(ParitySuite.directory(Path.of("src/test/fixtures"))).with(SWISH)
                .dynamicTests(new MlpParity());
    }
}
