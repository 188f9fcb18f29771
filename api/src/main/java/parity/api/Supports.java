package parity.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * What a network handles, declared, for {@link Implementation#supports}: the dtypes, the activations and the
 * losses by name (built-in or your own), and three shapes a network written for one case may not handle,
 * each refused unless allowed. A fixture passes when everything it asks for was declared:
 * <pre>
 * dtype             one of {@link #dtypes}
 * activations       every hidden layer's among {@link #activations} (none declared: no hidden layer at all)
 * per layer         the same activation in every hidden layer, unless {@link #perLayerActivations()}
 * bias              a bias in every layer, unless {@link #layersWithoutBias()}
 * loss              among {@link #losses}, with torch's default options unless {@link #lossOptions()}
 * </pre>
 * Immutable: each method returns a new declaration.
 *
 * <pre>{@code
 * public boolean supports(Fixture fixture) {
 *     return Supports.float64().activations("sigmoid", "tanh", "relu").losses("softmax_cross_entropy", "mse")
 *             .test(fixture);
 * }
 * }</pre>
 */
public final class Supports implements Predicate<Fixture> {

    private final Set<DType> dtypes;
    private final Set<String> activations;
    private final Set<String> losses;
    private final boolean perLayer;
    private final boolean withoutBias;
    private final boolean options;

    private Supports(Set<DType> dtypes, Set<String> activations, Set<String> losses, boolean perLayer,
            boolean withoutBias, boolean options) {
        this.dtypes = Set.copyOf(dtypes);
        this.activations = Set.copyOf(activations);
        this.losses = Set.copyOf(losses);
        this.perLayer = perLayer;
        this.withoutBias = withoutBias;
        this.options = options;
    }

    /**
     * float64 fixtures, as a network written on {@code double} computes them; nothing else declared yet.
     *
     * @return the declaration
     */
    public static Supports float64() {
        return dtypes(DType.FLOAT64);
    }

    /**
     * Fixtures of these dtypes; a float32 one needs float32 values back.
     *
     * @param dtypes the dtypes computed
     * @return the declaration
     */
    public static Supports dtypes(DType... dtypes) {
        return new Supports(Set.of(dtypes), Set.of(), Set.of(), false, false, false);
    }

    /**
     * Hidden layers with these activations, by the names fixtures give: {@code sigmoid}, or your own.
     *
     * @param names the activations' names
     * @return this declaration with them
     */
    public Supports activations(String... names) {
        return new Supports(dtypes, union(activations, names), losses, perLayer, withoutBias, options);
    }

    /**
     * Losses by the names fixtures give: {@code softmax_cross_entropy}, {@code mse}, or your own.
     *
     * @param names the losses' names
     * @return this declaration with them
     */
    public Supports losses(String... names) {
        return new Supports(dtypes, activations, union(losses, names), perLayer, withoutBias, options);
    }

    /**
     * Another activation in each hidden layer (format 1.2), each among the declared ones.
     *
     * @return this declaration with it
     */
    public Supports perLayerActivations() {
        return new Supports(dtypes, activations, losses, true, withoutBias, options);
    }

    /**
     * Layers without a bias (format 1.2).
     *
     * @return this declaration with it
     */
    public Supports layersWithoutBias() {
        return new Supports(dtypes, activations, losses, perLayer, true, options);
    }

    /**
     * A loss's options (format 1.2: huber's delta, class weights, …) other than torch's defaults.
     *
     * @return this declaration with them
     */
    public Supports lossOptions() {
        return new Supports(dtypes, activations, losses, perLayer, withoutBias, true);
    }

    @Override
    public boolean test(Fixture fixture) {
        return refusal(fixture) == null;
    }

    /**
     * Why the fixture is not supported: {@code activation leaky_relu in layer 2 is not declared}.
     *
     * @param fixture a fixture
     * @return what it asks for that was not declared, or null when it is supported
     */
    public String refusal(Fixture fixture) {
        List<String> problems = new ArrayList<>();
        if (!dtypes.contains(fixture.dtype())) {
            problems.add("dtype " + fixture.dtype().jsonName() + " is not declared");
        }
        for (int l = 1; l < fixture.depth(); l++) {
            String name = fixture.activation(l).jsonName();
            if (!activations.contains(name)) {
                problems.add("activation " + name + " in layer " + l + " is not declared");
                break;
            }
        }
        if (!perLayer && fixture.activations().stream().distinct().count() > 1) {
            problems.add("an activation per layer is not declared");
        }
        if (!withoutBias && !IntStream.rangeClosed(1, fixture.depth()).allMatch(fixture::hasBias)) {
            problems.add("layers without bias are not declared");
        }
        if (!losses.contains(fixture.loss().jsonName())) {
            problems.add("loss " + fixture.loss().jsonName() + " is not declared");
        } else if (!options && !fixture.lossOptions().equals(LossOptions.DEFAULTS)) {
            problems.add("loss options are not declared");
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    private static Set<String> union(Set<String> known, String... more) {
        Set<String> all = new java.util.HashSet<>(known);
        all.addAll(List.of(more));
        return all;
    }
}
