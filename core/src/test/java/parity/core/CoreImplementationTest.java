package parity.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import parity.api.Activation;
import parity.api.Fixture;
import parity.api.Implementation;
import parity.api.Loss;
import parity.api.Targets;
import parity.api.Trainable;
import parity.fixtures.BundledSuite;
import parity.fixtures.FixtureReader;
import parity.fixtures.InvalidFixtureException;

/**
 * Core as the command line finds it: its name and description are what every failure message says,
 * and it supports every built-in fixture, both dtypes, and no activation or loss it does not have (such a
 * fixture is SKIPPED for core rather than an ERROR), and trains every training block.
 */
class CoreImplementationTest {

    private final Implementation core = new CoreImplementation();

    @Test
    void namedAsMessagesNameIt() {
        assertEquals("core", core.name());
        assertEquals("hand-written backprop on ND4J", core.description());
    }

    /** Core trains every training block of the suite, so that no run is left "not compared". */
    @Test
    void trainsEveryBundledTrainingBlock() throws InvalidFixtureException {
        Trainable trainable = assertInstanceOf(Trainable.class, core);
        for (String name : BundledSuite.names()) {
            Fixture fixture = BundledSuite.load(name);
            if (fixture.training() != null) {
                assertTrue(trainable.trains(fixture), name);
            }
        }
    }

    @Test
    void supportsEveryBundledFixtureAndNoForeignActivation() throws InvalidFixtureException {
        for (String name : BundledSuite.names()) {
            assertTrue(core.supports(BundledSuite.load(name)), name);
        }
        Activation.Custom cube = new Activation.Custom("cube_core_test", z -> z * z * z, new double[0]);
        String json = """
                {"name": "cube", "dtype": "float64", "layers": [2, 2, 2], "activation": "cube_core_test",
                 "loss": "mse", "l2": 0, "init": {"seed": 1, "scale": 0.5, "samples": 2}}""";
        assertFalse(core.supports(new FixtureReader(List.of(cube)).read("cube.json", json.getBytes(StandardCharsets.UTF_8))));
    }

    /** A loss of a user's own is theirs to implement: core is SKIPPED on it, not an ERROR. */
    @Test
    void supportsNoForeignLoss() throws InvalidFixtureException {
        Loss.Custom logCosh = new Loss.Custom("log_cosh_core_test", Targets.Kind.VALUES, (z, t) -> 0);
        String json = """
                {"version": "1.2", "name": "own", "dtype": "float64", "layers": [2, 2, 2], "activation": "tanh",
                 "loss": "log_cosh_core_test", "l2": 0, "init": {"seed": 1, "scale": 0.5, "samples": 2}}""";
        assertFalse(core.supports(new FixtureReader(List.of(), List.of(logCosh))
                .read("own.json", json.getBytes(StandardCharsets.UTF_8))));
    }
}
