package parity.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import parity.api.Implementation;
import parity.oracle.AutogradReference;
import parity.oracle.FiniteDifferences;
import parity.oracle.RecordedValues;

/**
 * The implementations the gate knows by name: the {@link #REFERENCE} every comparison is relative to,
 * the {@link #NUMERIC} oracle, and every {@link Implementation} that a jar on the class path lists in
 * {@code META-INF/services/parity.api.Implementation} (this project's {@code core} is found that
 * way). The command line's {@code --impl} takes these names.
 */
public final class Implementations {

    /** PyTorch autograd through DJL, for the built-in activations: the reference every comparison is relative to. */
    public static final AutogradReference REFERENCE = new AutogradReference(List.of());

    /** Central finite differences of a plain-Java float64 loss. */
    public static final FiniteDifferences NUMERIC = new FiniteDifferences();

    /**
     * PyTorch itself (Python), as recorded in a fixture's {@code expected} block by
     * {@code tools/record-expected.py}: compared with both sides on the fixtures that carry it. Not
     * among {@link #all()}: it has values only for those fixtures.
     */
    public static final RecordedValues RECORDED = new RecordedValues();

    private Implementations() {
    }

    /**
     * The reference, the numeric oracle, then those found on the class path, in the order found.
     *
     * @return the implementations, the reference first
     */
    public static List<Implementation> all() {
        List<Implementation> all = new ArrayList<>(List.of(REFERENCE, NUMERIC));
        ServiceLoader.load(Implementation.class).forEach(all::add);
        return all;
    }

    /**
     * The names of {@link #all()}, in that order: what {@code --impl} takes.
     *
     * @return the names
     */
    public static List<String> names() {
        return all().stream().map(Implementation::name).toList();
    }

    /**
     * The implementation of that name.
     *
     * @param name an implementation's {@link Implementation#name() name}
     * @return the first of {@link #all()} with that name
     * @throws IllegalArgumentException naming the known ones, when none has this name
     */
    public static Implementation named(String name) {
        return all().stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no implementation named \"" + name + "\" (known: "
                        + names().stream().collect(Collectors.joining(", ")) + ")"));
    }
}
