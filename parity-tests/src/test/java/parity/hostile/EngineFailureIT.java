package parity.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import parity.api.Fixture;
import parity.api.Implementation;
import parity.api.LossAndGradients;
import parity.api.Trainable;
import parity.compare.FixtureComparison;
import parity.compare.Implementations;
import parity.compare.ParityCheck;
import parity.fixtures.BundledSuite;
import parity.support.Core;

/**
 * An engine that throws on one fixture, as libtorch does through DJL's EngineException or ND4J through
 * its IllegalStateExceptions, or that cannot find a native method: that fixture is an ERROR with the
 * engine's own first line, and every other fixture of the suite is still checked and passes.
 */
class EngineFailureIT {

    private static final String VICTIM = "mse-tanh";

    /** The first line of a libtorch error as DJL passes it on, with the C++ trace after it. */
    private static final String LIBTORCH_MESSAGE = "The size of tensor a (4) must match the size of tensor b (5) "
            + "at non-singleton dimension 1\nException raised from infer_size_impl at ../aten/src/ATen/ExpandUtils.cpp:31";

    private static Trainable failingOn(String fixtureName, Trainable real, RuntimeException failure) {
        return failingOn(fixtureName, real, fixture -> {
            throw failure;
        });
    }

    private static Trainable failingOn(String fixtureName, Trainable real,
            Function<Fixture, LossAndGradients> failure) {
        return Trainable.of(real.name(), real.description() + ", failing on " + fixtureName,
                fixture -> fixture.name().equals(fixtureName) ? failure.apply(fixture) : real.lossAndGradients(fixture),
                real::train);
    }

    private static List<String> statuses(List<FixtureComparison> comparisons) {
        return comparisons.stream().map(c -> c.name() + " " + c.status()).toList();
    }

    /** The bundled suite's statuses with only the victim an ERROR. */
    private static List<String> expectedStatuses() {
        return BundledSuite.names().stream()
                .map(file -> file.substring(0, file.length() - ".json".length()))
                .map(name -> name + (name.equals(VICTIM) ? " ERROR" : " PASS"))
                .toList();
    }

    private static FixtureComparison victim(List<FixtureComparison> comparisons) {
        return comparisons.stream().filter(c -> c.name().equals(VICTIM)).findFirst().orElseThrow();
    }

    @Test
    void candidateThrowingIsThatFixturesErrorWithTheEnginesFirstLine() {
        Implementation core = failingOn(VICTIM, Core.IMPLEMENTATION, new IllegalStateException(LIBTORCH_MESSAGE));

        List<FixtureComparison> comparisons = new ParityCheck(core, Implementations.REFERENCE).check(BundledSuite.sources());

        assertEquals(expectedStatuses(), statuses(comparisons));
        assertEquals("bundled:mse-tanh.json: core failed: The size of tensor a (4) must match the size of tensor b (5) "
                + "at non-singleton dimension 1", victim(comparisons).error());
    }

    @Test
    void referenceThrowingIsThatFixturesErrorToo() {
        Implementation reference = failingOn(VICTIM, Implementations.REFERENCE,
                new RuntimeException("ai.djl.engine.EngineException: " + LIBTORCH_MESSAGE));

        List<FixtureComparison> comparisons = new ParityCheck(Core.IMPLEMENTATION, reference).check(BundledSuite.sources());

        assertEquals(expectedStatuses(), statuses(comparisons));
        assertEquals("bundled:mse-tanh.json: reference failed: ai.djl.engine.EngineException: The size of tensor a (4) "
                + "must match the size of tensor b (5) at non-singleton dimension 1", victim(comparisons).error());
    }

    @Test
    void missingNativeMethodIsThatFixturesError() {
        Implementation core = failingOn(VICTIM, Core.IMPLEMENTATION, fixture -> {
            throw new UnsatisfiedLinkError("'long org.nd4j.nativeblas.Nd4jCpu.execCustomOp2(...)'");
        });

        List<FixtureComparison> comparisons = new ParityCheck(core, Implementations.REFERENCE).check(BundledSuite.sources());

        assertEquals(expectedStatuses(), statuses(comparisons));
        assertEquals("bundled:mse-tanh.json: core failed: 'long org.nd4j.nativeblas.Nd4jCpu.execCustomOp2(...)'",
                victim(comparisons).error());
    }
}
