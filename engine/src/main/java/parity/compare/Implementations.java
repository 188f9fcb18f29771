package parity.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import parity.api.Fixture;
import parity.api.Implementation;
import parity.api.Trainable;
import parity.numeric.CentralDifferences;
import parity.reference.AutogradNetwork;

/**
 * The implementations the gate knows by name: the {@link #REFERENCE} every comparison is relative to,
 * the {@link #NUMERIC} oracle, and every {@link Implementation} that a jar on the class path lists in
 * {@code META-INF/services/parity.api.Implementation} (this project's {@code core} is found that
 * way). The command line's {@code --impl} takes these names.
 */
public final class Implementations {

    /** PyTorch autograd through DJL: the reference every comparison is relative to. */
    public static final Trainable REFERENCE = Trainable.of("reference", "PyTorch autograd via DJL",
            fixture -> new AutogradNetwork(fixture).lossAndGradients(), fixture -> new AutogradNetwork(fixture).train());

    /**
     * Central finite differences of a plain-Java float64 loss, every element estimated (the gate samples
     * large fixtures; this does not); an element skipped at a kink is NaN.
     */
    public static final Implementation NUMERIC = Implementation.of("numeric", "central finite differences in float64",
            fixture -> new CentralDifferences(fixture, false).gradients().values());

    /**
     * PyTorch itself (Python), as recorded in a fixture's {@code expected} block by
     * {@code tools/record-expected.py}: compared with both sides on the fixtures that carry it. Not
     * among {@link #all()}: it has values only for those fixtures.
     */
    public static final Trainable RECORDED = Trainable.of("recorded",
            "PyTorch (Python: torch.nn, torch.optim) as recorded in the fixture",
            fixture -> expected(fixture).lossAndGradients(), fixture -> expected(fixture).trajectory());

    private static parity.api.Expected expected(Fixture fixture) {
        if (fixture.expected() == null) {
            throw new IllegalStateException(fixture.source() + ": carries no recorded values (expected)");
        }
        return fixture.expected();
    }

    private Implementations() {
    }

    /** The reference, the numeric oracle, then those found on the class path, in the order found. */
    public static List<Implementation> all() {
        List<Implementation> all = new ArrayList<>(List.of(REFERENCE, NUMERIC));
        ServiceLoader.load(Implementation.class).forEach(all::add);
        return all;
    }

    public static List<String> names() {
        return all().stream().map(Implementation::name).toList();
    }

    /** @throws IllegalArgumentException naming the known ones, when none has this name */
    public static Implementation named(String name) {
        return all().stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no implementation named \"" + name + "\" (known: "
                        + names().stream().collect(Collectors.joining(", ")) + ")"));
    }

    /** Whether an implementation trains, as the reference and core do. */
    static boolean trains(Implementation implementation, Fixture fixture) {
        return implementation instanceof Trainable && fixture.training() != null;
    }
}
