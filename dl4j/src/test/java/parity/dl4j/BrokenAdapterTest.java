package parity.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.regularization.Regularization;
import parity.api.Fixture;
import parity.api.Tensor;
import parity.compare.BrokenRule;
import parity.compare.Diagnosis;
import parity.compare.FixtureComparison;
import parity.compare.NetworkRule;
import parity.compare.ParityCheck;
import parity.compare.Status;
import parity.fixtures.BundledSuite;

/**
 * Every PASS of the DL4J run is real: the adapter broken in one of its own choices, on purpose, runs the whole
 * bundled suite and no fixture it used to pass passes any more, each failing where the breakage is and the
 * gate's diagnosis naming that rule.
 */
class BrokenAdapterTest {

    /** W_l loaded as it is (out×in) where DL4J wants its transpose: runs only where W_l is square. */
    @Test
    void weightsLoadedUntransposedFailTheLinearMapOfLayerOne() {
        Map<String, FixtureComparison> run = suite(new Dl4jNetworks() {
            @Override
            protected INDArray weight(Tensor w, DataType dataType) {
                return Dl4jArrays.array(w, dataType);
            }
        });

        FixtureComparison square = run.get("square-tanh");
        assertEquals(Status.FAIL, square.status());
        assertEquals(List.of(new BrokenRule(NetworkRule.LINEAR, 1)), Diagnosis.of(square).rules());
        assertEquals("z1 (layer 1, forward)", square.primary().firstDivergence());
        assertNothingPassedThatUsedTo(run);
    }

    /**
     * W_l's row-major values (out×in) read as DL4J's nIn×nOut without transposing: runs on every layer, square
     * or not, with each weight in the wrong place.
     */
    @Test
    void weightsReadInTheWrongLayoutFailTheLinearMapOfLayerOne() {
        Map<String, FixtureComparison> run = suite(new Dl4jNetworks() {
            @Override
            protected INDArray weight(Tensor w, DataType dataType) {
                int[] shape = w.shape();
                return Nd4j.create(w.data(), new long[] {shape[1], shape[0]}, 'c').castTo(dataType);
            }
        });

        FixtureComparison nonSquare = run.get("sigmoid-4-5-3-n7");
        assertEquals(Status.FAIL, nonSquare.status());
        assertEquals(List.of(new BrokenRule(NetworkRule.LINEAR, 1)), Diagnosis.of(nonSquare).rules());
        assertNothingPassedThatUsedTo(run);
    }

    /** The fixture's λ left out of DL4J's configuration: the loss and every dW_l lose their L2 term. */
    @Test
    void droppedL2FailsTheLossAndTheWeightGradients() {
        Map<String, FixtureComparison> run = suite(new Dl4jNetworks() {
            @Override
            protected List<Regularization> weightRegularization(Fixture fixture) {
                return List.of();
            }
        });

        FixtureComparison sigmoid = run.get("sigmoid-4-5-3-n7");
        assertEquals(Status.FAIL, sigmoid.status());
        assertEquals("loss; forward pass agrees", sigmoid.primary().firstDivergence());
        List<NetworkRule> rules = Diagnosis.of(sigmoid).rules().stream().map(BrokenRule::rule).toList();
        assertTrue(rules.contains(NetworkRule.L2_PENALTY), rules.toString());
        // Without λ in DL4J the fixtures without it are the only ones that still pass.
        Map<String, Status> passing = run.values().stream().filter(c -> c.status() == Status.PASS)
                .collect(Collectors.toMap(FixtureComparison::name, FixtureComparison::status, (a, b) -> a, TreeMap::new));
        for (String name : passing.keySet()) {
            assertEquals(0.0, run.get(name).fixture().l2(), name + " passes without its L2 term");
        }
        assertTrue(passing.containsKey("no-l2"), passing.toString());
    }

    /** No fixture that passes with the adapter as it is passes with the broken one. */
    private static void assertNothingPassedThatUsedTo(Map<String, FixtureComparison> broken) {
        for (FixtureComparison right : SuiteOnDl4j.comparisons().values()) {
            if (right.status() == Status.PASS) {
                assertTrue(broken.get(right.name()).status() != Status.PASS, right.name() + " still passes");
            }
        }
    }

    private static Map<String, FixtureComparison> suite(Dl4jNetworks broken) {
        return ParityCheck.of(new Dl4jImplementation(broken)).check(BundledSuite.sources()).stream()
                .collect(Collectors.toMap(FixtureComparison::name, Function.identity()));
    }
}
