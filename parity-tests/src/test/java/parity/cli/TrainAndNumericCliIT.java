package parity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parity.api.LossAndGradients;
import parity.api.Tensor;
import parity.api.Trajectory;
import parity.compare.Implementations;
import parity.fixtures.BundledSuite;
import parity.support.CliRun;
import parity.support.Core;

/** {@code parity train} and {@code parity gradients --impl numeric} as a person runs them. */
class TrainAndNumericCliIT {

    private static final Path SUITE = Path.of("..", "fixtures", "src", "main", "resources", "parity", "fixtures", "suite");

    @TempDir
    Path dir;

    @Test
    void trainPrintsTheLossBeforeEachStepAndTheFinalParameters() throws Exception {
        for (String impl : List.of("core", "reference")) {
            CliRun run = CliRun.of("train", "--impl", impl, SUITE.resolve("seed-blog-sgd.json").toString());
            assertEquals(0, run.exit(), run.err());
            JsonNode json = new ObjectMapper().readTree(run.out());
            assertEquals(11, json.get("losses").size());
            // Before the first step the loss is the seed network's, as in the post.
            assertEquals(35.6094379124341, json.get("losses").get(0).doubleValue(), 1e-12);
            Trajectory expected = (impl.equals("core") ? Core.IMPLEMENTATION : Implementations.REFERENCE)
                    .train(BundledSuite.load("seed-blog-sgd.json"));
            assertEquals(expected.losses().get(10), json.get("losses").get(10).doubleValue());
            assertEquals(expected.finalParams().get("W2").get(4, 3),
                    json.get("params").get("W2").get(4).get(3).doubleValue());
            assertEquals(List.of("W1", "b1", "W2", "b2"), fieldNames(json.get("params")));
        }
    }

    @Test
    void trainWithoutATrainingBlockIsBadInput() {
        Path seed = SUITE.resolve("seed-blog.json");
        CliRun run = CliRun.of("train", "--impl", "core", seed.toString());
        assertEquals(2, run.exit());
        assertEquals(seed + ": training: missing (train needs a training block)\n", run.err());
    }

    @Test
    void numericCannotTrain() {
        CliRun run = CliRun.of("train", "--impl", "numeric", SUITE.resolve("seed-blog-sgd.json").toString());
        assertEquals(2, run.exit());
        assertEquals("--impl numeric cannot train: finite differences estimate gradients only",
                run.err().lines().findFirst().orElseThrow());
    }

    @Test
    void numericGradientsPrintNullWhereAnElementWasSkipped() throws IOException {
        Path kink = Files.writeString(dir.resolve("kink.json"), """
                {"name": "kink", "dtype": "float64", "layers": [2, 2, 2], "activation": "relu",
                 "loss": "softmax_cross_entropy", "l2": 0.1, "inputs": [[1.0, 0.0]], "targets": [1],
                 "params": {"W1": [[1.0, 0.5], [0.5, 1.0]], "b1": [-0.999999999, 0.2],
                            "W2": [[1.0, -1.0], [0.5, 0.25]], "b2": [0.0, 0.1]}}""");
        CliRun run = CliRun.of("gradients", "--impl", "numeric", kink.toString());
        assertEquals(0, run.exit(), run.err());
        JsonNode gradients = new ObjectMapper().readTree(run.out()).get("gradients");
        assertTrue(gradients.get("dW1").get(0).get(0).isNull());
        assertTrue(gradients.get("db1").get(0).isNull());
        assertTrue(gradients.get("dW1").get(1).get(0).isNumber());
        assertTrue(run.out().contains("\"db1\" : [ null, "), run.out());
    }

    @Test
    void numericGradientsAgreeWithAutogradElementByElement() throws Exception {
        CliRun run = CliRun.of("gradients", "--impl", "numeric", SUITE.resolve("three-hidden-tanh.json").toString());
        assertEquals(0, run.exit(), run.err());
        JsonNode gradients = new ObjectMapper().readTree(run.out()).get("gradients");
        LossAndGradients autograd = Implementations.REFERENCE.lossAndGradients(BundledSuite.load("three-hidden-tanh.json"));
        int compared = 0;
        for (var gradient : autograd.gradients().entrySet()) {
            Tensor expected = gradient.getValue();
            JsonNode printed = gradients.get(gradient.getKey());
            for (int i = 0; i < expected.size(); i++) {
                JsonNode element = expected.rank() == 1 ? printed.get(i) : printed.get(i / expected.shape()[1])
                        .get(i % expected.shape()[1]);
                assertEquals(expected.get(i), element.doubleValue(), 1e-7 + 1e-5 * Math.abs(expected.get(i)),
                        gradient.getKey() + expected.indexText(i));
                compared++;
            }
        }
        assertEquals(BundledSuite.load("three-hidden-tanh.json").parameterCount(), compared);
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
