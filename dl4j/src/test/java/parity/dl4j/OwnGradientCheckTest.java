package parity.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import parity.api.DType;
import parity.api.Fixture;

/**
 * DL4J's own check beside PyTorch's: GradientCheckUtil on every float64 fixture dl4j supports of at most
 * {@link #MAX_PARAMETERS} parameters (it scores the network twice per parameter). Its verdict is held to
 * {@link #FAILS} and {@link #REFUSES}. Where PyTorch and DL4J part it says nothing useful: it turns the softmax
 * clipping off before it checks (and then cannot difference large-logits' infinite loss), it checks no optimiser,
 * and at an exact kink it fails whichever one-sided slope backprop takes, PyTorch's as well as DL4J's, since a
 * central difference across a kink is the mean of the two slopes.
 */
class OwnGradientCheckTest {

    /** wide-64-128-10's 9,610 parameters would take 19,220 scores, about 40 s here. */
    static final long MAX_PARAMETERS = 1_000;

    /** The fixtures GradientCheckUtil fails, and why. */
    static final Map<String, String> FAILS = Map.of(
            "relu-exact-zero", "at z = 0 a central difference gives relu's mean slope 1/2, backprop 0 (torch's 0 too)",
            "leaky-relu-kink", "at z = 0 a central difference gives (1 + 0.01)/2, backprop DL4J's 1 (torch's 0.01 would fail too)");

    /** The fixtures it cannot check at all, and why. */
    static final Map<String, String> REFUSES = Map.of(
            "large-logits", "without the clipping the loss is infinite: \"Numerical gradient was NaN\"");

    @TestFactory
    Stream<DynamicTest> gradientCheckUtilOnEveryFloat64Fixture() {
        return SuiteOnDl4j.comparisons().values().stream().map(c -> c.fixture())
                .filter(OwnGradientCheckTest::checked)
                .map(fixture -> DynamicTest.dynamicTest(fixture.name() + " › GradientCheckUtil " + expected(fixture.name()),
                        () -> check(fixture)));
    }

    static boolean checked(Fixture fixture) {
        return fixture.dtype() == DType.FLOAT64 && Dl4jSupport.whyNot(fixture) == null
                && fixture.parameterCount() <= MAX_PARAMETERS;
    }

    private static void check(Fixture fixture) {
        if (REFUSES.containsKey(fixture.name())) {
            assertThrows(IllegalStateException.class, () -> OwnGradientCheck.of(fixture));
            return;
        }
        OwnGradientCheck check = OwnGradientCheck.of(fixture);
        assertEquals(!FAILS.containsKey(fixture.name()), check.passed(), fixture.name() + ": " + check);
        assertEquals(check.passed(), check.failures() == 0, fixture.name() + ": the recount disagrees: " + check);
    }

    static String expected(String fixture) {
        return REFUSES.containsKey(fixture) ? "throws" : FAILS.containsKey(fixture) ? "fails" : "passes";
    }
}
