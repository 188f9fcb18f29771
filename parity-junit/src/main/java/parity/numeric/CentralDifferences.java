package parity.numeric;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import parity.fixtures.Activation;
import parity.fixtures.DType;
import parity.fixtures.Fixture;
import parity.fixtures.LossAndGradients;
import parity.fixtures.SplitMix64;
import parity.fixtures.Tensor;

/**
 * The third oracle: every gradient element estimated from the loss alone, in float64, by central
 * differences
 * <pre>
 * dL/dθ_i ≈ (L(θ + h_i e_i) - L(θ - h_i e_i)) / ((θ_i + h_i) - (θ_i - h_i)),   h_i = ε^(1/3) · max(1, |θ_i|)
 * </pre>
 * with ε = 2^-52, the step that balances truncation error (∝ h²) against rounding (∝ ε/h); the
 * denominator is the step actually taken after rounding. A float32 fixture is estimated in float64
 * from its (float32-rounded) values.
 *
 * <p>With an activation that has kinks (ReLU and leaky ReLU at 0, softplus at its threshold 20), an
 * element whose ±h moves any hidden pre-activation across one is skipped, with the unit named: the
 * loss has a kink there and the difference means nothing. A fixture with more than
 * {@value #FULL_CHECK_LIMIT} parameters is checked on {@value #SAMPLE_SIZE} elements per tensor (all of a
 * smaller tensor), chosen by a partial Fisher–Yates shuffle (for k = 0 … count-1, swap index k with
 * k + floor(uniform · (size - k)), keep the first count, sorted) driven by one SplitMix64 stream seeded
 * with {@value #SAMPLE_SEED} and shared by the tensors in parameter order, the same every run.
 */
public final class CentralDifferences {

    public static final long FULL_CHECK_LIMIT = 20_000;
    public static final int SAMPLE_SIZE = 200;
    public static final long SAMPLE_SEED = 20_260_101L;
    private static final double STEP = Math.cbrt(Math.ulp(1.0));

    private final Fixture fixture;
    private final boolean sampleLargeFixtures;

    /** As the gate runs it: a large fixture is checked on a sample. */
    public CentralDifferences(Fixture fixture) {
        this(fixture, true);
    }

    /** With {@code sampleLargeFixtures} false every element is estimated, however many there are. */
    public CentralDifferences(Fixture fixture, boolean sampleLargeFixtures) {
        this.fixture = fixture.dtype() == DType.FLOAT64 ? fixture : fixture.withDtype(DType.FLOAT64);
        this.sampleLargeFixtures = sampleLargeFixtures;
    }

    public NumericGradients gradients() {
        Map<String, double[]> params = new LinkedHashMap<>();
        fixture.params().forEach((name, tensor) -> params.put(name, tensor.data()));
        PlainNetwork network = new PlainNetwork(fixture, params);
        boolean kinked = fixture.activation().kinks().length > 0 && fixture.depth() > 1;
        int[] basePieces = kinked ? network.basePieces() : null;
        int[] pieces = kinked ? new int[basePieces.length] : null;
        boolean sampled = sampleLargeFixtures && fixture.parameterCount() > FULL_CHECK_LIMIT;
        SplitMix64 random = new SplitMix64(SAMPLE_SEED);

        Map<String, Tensor> gradients = new LinkedHashMap<>();
        Map<String, BitSet> checked = new LinkedHashMap<>();
        List<SkippedElement> skipped = new ArrayList<>();
        for (String name : fixture.parameterNames()) {
            Tensor shape = fixture.params().get(name);
            double[] theta = params.get(name);
            double[] gradient = new double[theta.length];
            Arrays.fill(gradient, Double.NaN);
            BitSet estimated = new BitSet(theta.length);
            for (int i : sampled ? sample(theta.length, random) : all(theta.length)) {
                double original = theta[i];
                double h = STEP * Math.max(1, Math.abs(original));
                double plus = original + h;
                double minus = original - h;
                double lossPlus = network.lossWith(name, i, plus, pieces);
                String kink = kinked ? crossing(network, basePieces, pieces) : null;
                double lossMinus = network.lossWith(name, i, minus, pieces);
                if (kink == null && kinked) {
                    kink = crossing(network, basePieces, pieces);
                }
                if (kink != null) {
                    skipped.add(new SkippedElement(Fixture.gradientName(name), shape.indexText(i),
                            "θ ± h moves " + kink));
                    continue;
                }
                gradient[i] = (lossPlus - lossMinus) / (plus - minus);
                estimated.set(i);
            }
            gradients.put(Fixture.gradientName(name), new Tensor(shape.shape(), gradient));
            checked.put(Fixture.gradientName(name), estimated);
        }
        return new NumericGradients(new LossAndGradients(network.loss(), gradients), checked, skipped);
    }

    /** {@code z1[0][2] across the ReLU kink at 0}, for the first hidden unit that changed piece; or null. */
    private String crossing(PlainNetwork network, int[] base, int[] now) {
        for (int u = 0; u < base.length; u++) {
            if (base[u] != now[u]) {
                double kink = fixture.activation().kinks()[Math.min(base[u], now[u])];
                return network.hiddenUnitName(u) + " across the " + kinkName() + " kink at " + number(kink);
            }
        }
        return null;
    }

    private String kinkName() {
        return fixture.activation() == Activation.RELU ? "ReLU" : fixture.activation().name();
    }

    /** 0 and 20 as people write them, other kinks as Java writes doubles. */
    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
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
