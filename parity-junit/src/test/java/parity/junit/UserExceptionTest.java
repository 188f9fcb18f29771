package parity.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import parity.api.Fixture;
import parity.api.Implementation;
import parity.api.LossAndGradients;
import parity.api.Tensor;
import parity.fixtures.BundledSuite;

/**
 * A network that throws is the user's bug to find: the test is an error, not a parity failure, and what the
 * network threw is its cause, with the frame of the network's own code where it happened.
 */
class UserExceptionTest {

    private static final String FIXTURE = "sigmoid-4-5-3-n7.json";

    /** A user's backprop that dereferences a field it never set, as a new user's did. */
    static final class NullBackprop implements Implementation {
        private String activation;

        @Override
        public LossAndGradients lossAndGradients(Fixture fixture) {
            return backward(fixture);
        }

        private LossAndGradients backward(Fixture fixture) {
            return new LossAndGradients(activation.length(), Map.of("dW1", fixture.weight(1)));
        }

        @Override
        public String name() {
            return "plain";
        }

        @Override
        public boolean supports(Fixture fixture) {
            return true;
        }
    }

    @Test
    void anAssertionOnANetworkThatThrowsIsAnErrorCarryingTheNetworksFrame() throws Exception {
        Fixture fixture = BundledSuite.load(FIXTURE);

        ImplementationFailedException error = assertThrows(ImplementationFailedException.class,
                () -> ParityAssertions.assertMatchesPyTorch(new NullBackprop(), fixture));

        assertEquals("bundled:" + FIXTURE + ": plain failed: Cannot invoke \"String.length()\" because "
                + "\"this.activation\" is null", error.getMessage());
        assertUsersOwnFrame(error);
    }

    @Test
    void theSuitesTestOfANetworkThatThrowsIsAnErrorCarryingTheNetworksFrame() {
        List<DynamicNode> fixtures = ParitySuite.files().and(ParitySuite.bundled()).dynamicTests(new NullBackprop())
                .filter(node -> node.getDisplayName().startsWith("sigmoid-4-5-3-n7 ")).toList();
        List<? extends DynamicNode> tests = ((DynamicContainer) fixtures.get(0)).getChildren().toList();
        assertEquals(List.of("sigmoid-4-5-3-n7 › loads and runs"), tests.stream().map(DynamicNode::getDisplayName).toList());
        Executable body = ((DynamicTest) tests.get(0)).getExecutable();

        Throwable thrown = assertThrows(Throwable.class, body::execute);

        assertFalse(thrown instanceof AssertionError, "an error, not a failure: " + thrown);
        assertUsersOwnFrame(assertInstanceOf(ImplementationFailedException.class, thrown));
    }

    /** A network that returns values the gate cannot compare has not thrown: a failure, with no cause. */
    @Test
    void aNetworkThatReturnsTheWrongShapeFailsRatherThanErrs() throws Exception {
        Implementation wrongShape = Implementation.of("candidate", "the implementation under test",
                fixture -> new LossAndGradients(0, Map.of("dW1", Tensor.scalar(0))));
        AssertionError failure = assertThrows(AssertionError.class,
                () -> ParityAssertions.assertMatchesPyTorch(wrongShape, BundledSuite.load(FIXTURE)));
        assertTrue(failure.getMessage().startsWith("bundled:" + FIXTURE + ": candidate failed: "), failure.getMessage());
        assertEquals(null, failure.getCause());
    }

    private static void assertUsersOwnFrame(ImplementationFailedException error) {
        NullPointerException cause = assertInstanceOf(NullPointerException.class, error.getCause());
        List<String> frames = Arrays.stream(cause.getStackTrace())
                .map(frame -> frame.getClassName() + "." + frame.getMethodName()).toList();
        assertEquals(NullBackprop.class.getName() + ".backward", frames.get(0));
        assertEquals(NullBackprop.class.getName() + ".lossAndGradients", frames.get(1));
    }
}
