package parity.numeric;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import parity.api.DType;
import parity.api.Fixture;
import parity.api.LossAndGradients;
import parity.api.Tensor;
import parity.api.Tolerance;
import parity.fixtures.SplitMix64;
import parity.rounding.RoundingBound;
import parity.rounding.RoundingScales;

/**
 * The third oracle: the gradient estimated from the loss alone, in float64, by central differences,
 * two ways.
 *
 * <p>Per element:
 * <pre>
 * dL/dθ_i ≈ (L(θ + h_i e_i) - L(θ - h_i e_i)) / ((θ_i + h_i) - (θ_i - h_i)),   h_i = ε^(1/3) · max(1, |θ_i|)
 * </pre>
 * with ε = 2^-52, the step that balances truncation error (∝ h²) against rounding (∝ ε/h); the
 * denominator is the step actually taken after rounding. A fixture with more than
 * {@value #FULL_CHECK_LIMIT} parameters is estimated on {@value #SAMPLE_SIZE} elements per tensor (all of
 * a smaller tensor), chosen by a partial Fisher–Yates shuffle (for k = 0 … count-1, swap index k with
 * k + floor(uniform · (size - k)), keep the first count, sorted) driven by one SplitMix64 stream seeded
 * with {@value #SAMPLE_SEED} and shared by the tensors in parameter order, the same every run: these
 * say which element is wrong.
 *
 * <p>Along whole tensors, as PyTorch's {@code gradcheck(fast_mode=True)} does, so that every element
 * takes part whatever the fixture's size: for each parameter, {@value #DIRECTIONS} directions u with
 * every u_i = ±1, the signs from one SplitMix64 stream seeded with {@value #DIRECTION_SEED} (-1 when
 * uniform &lt; 0.5), drawn for W1, b1, W2, … in turn, the directions of a tensor one after the other, a
 * direction that repeats an earlier one of the same tensor drawn again. Each sign is drawn on its own,
 * except for a weight of a fixture with more than {@value #FULL_CHECK_LIMIT} parameters: there u is the
 * outer product U = s ⊗ t of signs s over its rows, then t over its columns ({@link SignDirection}),
 * which makes the change of z_l a rank-one product instead of a full one. Such a u misses errors of
 * the form c ⊗ 1 whenever Σ t_i = 0, but on those fixtures the sampled per-element estimates catch a
 * tensor-wide error, and a direction catches what they cannot, one wrong element, in full. Then
 * <pre>
 * D_u ≈ (L(θ + h·u) - L(θ - h·u)) / 2h,   h = ε^(1/3) · max(1, max_i |θ_i|)
 * </pre>
 * to be compared with gᵀu. An error e in g shows in full wherever it is not cancelled by the signs:
 * {@code |eᵀu|}, which for one wrong element is that element's error.
 *
 * <p>With an activation that has kinks (ReLU and leaky ReLU at 0, softplus at its threshold 20), an
 * element or direction whose ±h moves any hidden pre-activation across one is skipped, with the unit
 * named: the loss has a kink there and the difference means nothing. A float32 fixture is estimated
 * in float64 from its (float32-rounded) values. The estimates are independent of each other and run on
 * all cores; each is computed in one fixed order, so the results are the same bits every run.
 */
public final class CentralDifferences {

    /**
     * The most parameters a fixture may have for every element to be estimated; above it, a sample per tensor.
     */
    public static final long FULL_CHECK_LIMIT = 20_000;
    /**
     * Elements estimated per tensor on a fixture above {@link #FULL_CHECK_LIMIT}.
     */
    public static final int SAMPLE_SIZE = 32;
    /**
     * The seed of the SplitMix64 stream that picks those elements.
     */
    public static final long SAMPLE_SEED = 20_260_101L;
    /**
     * Directions u per parameter tensor.
     */
    public static final int DIRECTIONS = 2;
    /**
     * The seed of the SplitMix64 stream that draws the directions' signs.
     */
    public static final long DIRECTION_SEED = 20_261_129L;
    private static final double STEP = Math.cbrt(Math.ulp(1.0));

    private final Fixture fixture;
    private final boolean gate;

    /**
     * As the gate runs it: a large fixture sampled per element, every fixture checked along directions.
     *
     * @param fixture the fixture, estimated in float64
     */
    public CentralDifferences(Fixture fixture) {
        this(fixture, true);
    }

    /**
     * With {@code gate} false every element is estimated, however many there are, and no direction:
     * what {@code parity gradients --impl numeric} prints.
     *
     * @param fixture the fixture, estimated in float64
     * @param gate true to estimate as the gate does, false for every element and no direction
     */
    public CentralDifferences(Fixture fixture, boolean gate) {
        this.fixture = fixture.dtype() == DType.FLOAT64 ? fixture : fixture.withDtype(DType.FLOAT64);
        this.gate = gate;
    }

    /**
     * What |gᵀu - D_u| may be: rtol 1e-5 of |D_u| for truncation, as per element, and an atol of
     * {@code 1e-7 + 4096·ε·max(1, |L|) / h}: the rounding of the two losses, each within a few thousand
     * ε of |L| after the long sums of a forward pass, divided by the step. See docs/oracles.md. Where the
     * loss curves so steeply along u that the difference at 2h moves D_u by more, that move, about three
     * times D_u's truncation error, is the atol instead.
     *
     * @param loss L at θ
     * @param step h
     * @return rtol 1e-5, and that atol
     */
    public static Tolerance directionalTolerance(double loss, double step) {
        return new Tolerance(1e-5, 1e-7 + 4096 * Math.ulp(1.0) * Math.max(1, Math.abs(loss)) / step);
    }

    /**
     * What |g_i - estimate_i| may be: {@code floor}'s rtol (1e-5 of |estimate|, for truncation), and as atol
     * the larger of {@code floor}'s and the rounding of the two losses, each within λ·u·S_L of the exact
     * loss ({@link RoundingScales#ofLoss}, in float64), divided by 2h with h at its smallest, ε^(1/3):
     * {@code λ·u·S_L / h}. A network whose loss is large (10⁴ and more, as unscaled weights give) puts
     * more rounding into every difference quotient than 1e-7.
     *
     * @param fixture the fixture
     * @param floor the least tolerance, {@link parity.compare.ParityCheck#NUMERIC_TOLERANCE}
     * @return the tolerance
     */
    public static Tolerance elementTolerance(Fixture fixture, Tolerance floor) {
        Fixture float64 = fixture.dtype() == DType.FLOAT64 ? fixture : fixture.withDtype(DType.FLOAT64);
        double rounding = RoundingBound.LAMBDA * RoundingBound.unitRoundoff(DType.FLOAT64)
                * RoundingScales.ofLoss(float64) / STEP;
        return rounding <= floor.atol() ? floor : new Tolerance(floor.rtol(), rounding);
    }

    /**
     * The estimates, per element and, when the gate runs them, along directions, with the elements and
     * directions skipped at a kink.
     *
     * @return the estimates
     */
    public NumericGradients gradients() {
        Map<String, double[]> params = new LinkedHashMap<>();
        fixture.params().forEach((name, tensor) -> params.put(name, tensor.data()));
        PlainNetwork network = new PlainNetwork(fixture, params);
        Kinks kinks = new Kinks(fixture, network);
        boolean sampled = gate && fixture.parameterCount() > FULL_CHECK_LIMIT;
        SplitMix64 random = new SplitMix64(SAMPLE_SEED);

        Map<String, Tensor> gradients = new LinkedHashMap<>();
        Map<String, BitSet> checked = new LinkedHashMap<>();
        List<SkippedElement> skipped = new ArrayList<>();
        for (String name : fixture.parameterNames()) {
            Tensor shape = fixture.params().get(name);
            double[] theta = params.get(name);
            int[] indices = sampled ? sample(theta.length, random) : all(theta.length);
            String[] kinked = new String[theta.length];
            double[] gradient = new double[theta.length];
            Arrays.fill(gradient, Double.NaN);
            IntStream.of(indices).parallel().forEach(i -> {
                double original = theta[i];
                double h = STEP * Math.max(1, Math.abs(original));
                double plus = original + h;
                double minus = original - h;
                int[] pieces = kinks.newPieces();
                double lossPlus = network.lossWith(name, i, plus, pieces);
                String kink = kinks.crossing(pieces);
                double lossMinus = network.lossWith(name, i, minus, pieces);
                kinked[i] = kink != null ? kink : kinks.crossing(pieces);
                if (kinked[i] == null) {
                    gradient[i] = (lossPlus - lossMinus) / (plus - minus);
                }
            });
            BitSet estimated = new BitSet(theta.length);
            for (int i : indices) {
                if (kinked[i] == null) {
                    estimated.set(i);
                } else {
                    skipped.add(new SkippedElement(Fixture.gradientName(name), shape.indexText(i),
                            "θ ± h moves " + kinked[i]));
                }
            }
            gradients.put(Fixture.gradientName(name), new Tensor(shape.shape(), gradient));
            checked.put(Fixture.gradientName(name), estimated);
        }
        List<DirectionalDerivative> directions = gate ? directions(params, network, kinks) : List.of();
        return new NumericGradients(new LossAndGradients(network.loss(), gradients), checked, skipped, directions);
    }

    private List<DirectionalDerivative> directions(Map<String, double[]> params, PlainNetwork network, Kinks kinks) {
        SplitMix64 random = new SplitMix64(DIRECTION_SEED);
        List<String> names = new ArrayList<>();
        List<SignDirection> directions = new ArrayList<>();
        boolean outerProducts = fixture.parameterCount() > FULL_CHECK_LIMIT;
        for (String name : fixture.parameterNames()) {
            int[] shape = fixture.params().get(name).shape();
            List<SignDirection> drawn = new ArrayList<>();
            while (drawn.size() < DIRECTIONS) {
                SignDirection u = outerProducts && shape.length == 2
                        ? SignDirection.outer(signs(shape[0], random), signs(shape[1], random))
                        : SignDirection.of(signs(params.get(name).length, random));
                // A small tensor can draw the same signs twice, which would check nothing new.
                if (drawn.stream().noneMatch(earlier -> Arrays.equals(earlier.values(), u.values()))) {
                    drawn.add(u);
                }
            }
            for (SignDirection u : drawn) {
                names.add(name);
                directions.add(u);
            }
        }
        return IntStream.range(0, names.size()).parallel().mapToObj(k -> {
            String name = names.get(k);
            SignDirection signs = directions.get(k);
            double[] u = signs.values();
            double largest = Arrays.stream(params.get(name)).map(Math::abs).max().orElse(0);
            double h = STEP * Math.max(1, largest);
            double[] change = network.preActivationChange(name, signs);
            int[] pieces = kinks.newPieces();
            double lossPlus = network.lossAlong(name, u, change, h, pieces);
            String kink = kinks.crossing(pieces);
            double lossMinus = network.lossAlong(name, u, change, -h, pieces);
            kink = kink != null ? kink : kinks.crossing(pieces);
            double estimate = (lossPlus - lossMinus) / (2 * h);
            Tolerance tolerance = directionalTolerance(network.loss(), h);
            if (kink == null) {
                // The same difference at 2h: its truncation error is 4 times this one's, so |D_2h - D_h| is about
                // 3 times the truncation of D_h; a network whose loss curves steeply needs more than rtol 1e-5.
                double lossPlus2 = network.lossAlong(name, u, change, 2 * h, pieces);
                boolean across = kinks.crossing(pieces) != null;
                double lossMinus2 = network.lossAlong(name, u, change, -2 * h, pieces);
                across = across || kinks.crossing(pieces) != null;
                double truncation = Math.abs((lossPlus2 - lossMinus2) / (4 * h) - estimate);
                if (!across && truncation > tolerance.atol()) {
                    tolerance = new Tolerance(tolerance.rtol(), truncation);
                }
            }
            Tensor direction = new Tensor(fixture.params().get(name).shape(), u);
            return new DirectionalDerivative(Fixture.gradientName(name), k % DIRECTIONS + 1, direction, h,
                    kink == null ? estimate : Double.NaN, tolerance, kink == null ? null : "θ ± h·u moves " + kink);
        }).toList();
    }

    /** count signs, -1 where uniform &lt; 0.5. */
    private static double[] signs(int count, SplitMix64 random) {
        double[] signs = new double[count];
        for (int i = 0; i < count; i++) {
            signs[i] = random.uniform() < 0.5 ? -1 : 1;
        }
        return signs;
    }

    private static int[] all(int size) {
        int[] indices = new int[size];
        Arrays.setAll(indices, i -> i);
        return indices;
    }

    /** min(size, SAMPLE_SIZE) distinct indices, in increasing order. */
    private static int[] sample(int size, SplitMix64 random) {
        int[] indices = all(size);
        int count = Math.min(size, SAMPLE_SIZE);
        for (int k = 0; k < count; k++) {
            int j = k + (int) Math.floor(random.uniform() * (size - k));
            int swap = indices[k];
            indices[k] = indices[j];
            indices[j] = swap;
        }
        int[] chosen = Arrays.copyOf(indices, count);
        Arrays.sort(chosen);
        return chosen;
    }
}
