package parity.bugs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import parity.api.DType;
import parity.api.Fixture;
import parity.api.Trainable;
import parity.compare.FixtureComparison;
import parity.compare.Implementations;
import parity.compare.ParityCheck;
import parity.fixtures.BundledSuite;
import parity.fixtures.FixtureReader;
import parity.fixtures.FixtureSource;
import parity.fixtures.InvalidFixtureException;
import parity.numeric.CentralDifferences;
import parity.numeric.NumericGradients;

/**
 * Finite differences are not the weaker oracle: with core broken by each bug of the catalogue, core ↔
 * numeric fails on every float64 fixture on which core ↔ reference fails; and so do the directional
 * derivatives alone, with no per-element estimate at all, wherever no direction had to be skipped at a
 * kink (there the per-element estimates carry the check). One catch is out of their reach by design: a
 * derivative taken exactly at a kink, where every step crosses it and finite differences skip the element;
 * those are listed, and must be on fixtures where finite differences skipped elements at a kink.
 */
class NumericOracleStrengthIT {

    private static final List<Fixture> FIXTURES = new ArrayList<>();
    private static Trainable reference;
    private static Function<Fixture, NumericGradients> numeric;

    @BeforeAll
    static void loadTheSuite() throws InvalidFixtureException {
        for (FixtureSource source : BundledSuite.sources()) {
            Fixture fixture = source.load(new FixtureReader());
            if (fixture.dtype() == DType.FLOAT64) {
                FIXTURES.add(fixture.withTraining(null));
            }
        }
        reference = Trainable.of(Implementations.REFERENCE.name(), Implementations.REFERENCE.description(),
                memo(Implementations.REFERENCE::lossAndGradients), Implementations.REFERENCE::train);
        numeric = memo(f -> new CentralDifferences(f).gradients());
    }

    /** l1's derivative at d = 0 exactly: every step of the parameters upstream of that residual crosses |d|'s kink. */
    private static final List<String> AT_A_KINK = List.of("l1 derivative 1 at d = 0 on l1-exact-zero");

    @Test
    void finiteDifferencesCatchWhatTheReferenceCatches() {
        List<String> missed = missed(numeric, fixture -> true);
        assertEquals(AT_A_KINK, missed);
        for (Fixture fixture : FIXTURES) {
            if (missed.stream().anyMatch(m -> m.endsWith(" on " + fixture.name()))) {
                assertTrue(numeric.apply(fixture).skipped().stream().anyMatch(e -> e.reason().contains(" kink at ")),
                        fixture.name() + ": finite differences skipped no element at a kink there");
            }
        }
    }

    @Test
    void directionsAloneCatchWhatTheReferenceCatches() {
        Function<Fixture, NumericGradients> directionsOnly = fixture -> {
            NumericGradients all = numeric.apply(fixture);
            Map<String, BitSet> none = new LinkedHashMap<>();
            all.checked().keySet().forEach(name -> none.put(name, new BitSet()));
            return new NumericGradients(all.values(), none, List.of(), all.directions());
        };
        List<String> compared = new ArrayList<>();
        assertEquals(List.of(), missed(directionsOnly, fixture -> {
            boolean whole = numeric.apply(fixture).directions().stream().allMatch(d -> d.skipped() == null);
            if (whole) {
                compared.add(fixture.name());
            }
            return whole;
        }));
        assertTrue(compared.size() >= 15, "too few fixtures without a skipped direction: " + compared);
    }

    /** {@code bug on fixture} for every catch of core ↔ reference that core ↔ numeric does not make. */
    private static List<String> missed(Function<Fixture, NumericGradients> oracle,
            java.util.function.Predicate<Fixture> considered) {
        List<String> missed = new ArrayList<>();
        int catches = 0;
        for (BackpropBug bug : BackpropBug.values()) {
            ParityCheck check = new ParityCheck(bug.implementation(), reference, oracle);
            for (Fixture fixture : FIXTURES) {
                if (!considered.test(fixture)) {
                    continue;
                }
                FixtureComparison comparison = check.check(fixture.source(), fixture);
                if (comparison.pairs().size() >= 3 && !comparison.pairs().get(0).passed()) {
                    catches++;
                    if (comparison.pairs().get(1).passed()) {
                        missed.add(bug.title + " on " + fixture.name());
                    }
                }
            }
        }
        assertTrue(catches > 50, "the catalogue should fail core ↔ reference often, it did " + catches + " times");
        return missed;
    }

    private static <T> Function<Fixture, T> memo(Function<Fixture, T> compute) {
        Map<String, T> results = new HashMap<>();
        return fixture -> results.computeIfAbsent(fixture.source(), key -> compute.apply(fixture));
    }
}
