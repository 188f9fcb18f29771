package parity.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import parity.api.Activation;
import parity.api.DType;
import parity.api.Fixture;
import parity.api.Implementation;
import parity.api.Loss;
import parity.api.LossAndGradients;
import parity.api.Tensor;
import parity.compare.FailureMessage;
import parity.compare.FixtureComparison;
import parity.compare.Implementations;
import parity.compare.PairComparison;
import parity.compare.ParityCheck;
import parity.compare.Status;
import parity.compare.TensorDiff;
import parity.property.RandomNetworks.Init;
import parity.rounding.RoundingBound;
import parity.rounding.RoundingScales;

/**
 * Deeplearning4j on networks nobody wrote down: {@link RandomNetworks}' networks (count and first seed as
 * {@link RandomNetworksIT}'s) built as DL4J networks by the {@code dl4j} implementation, found by name as
 * {@code ./parity --impl dl4j} finds it, and checked by the whole gate against PyTorch, finite differences
 * and the float64 run. Loss and gradients only: the training conventions DL4J is known to keep apart from
 * torch's (docs/dl4j.md) are the bundled suite's. Each must PASS, or be SKIPPED for a setting DL4J cannot
 * express, or fail only where one of DL4J's known differences (docs/dl4j.md, "Random networks") acts, each
 * recognised by a condition on the fixture and PyTorch's values, never by its seed:
 * <ul>
 * <li>{@link #SOFTPLUS}: a float32 fixture whose failing tensors include forward activations a_l of softplus
 *     layers, every element of which lies within its rounding allowance plus the error of log(1 + e^z) computed
 *     without log1p, 2^-24 / (1 + e^z), at PyTorch's z &lt; 0;
 * <li>{@link #SOFTMAX_CLIP}, {@link #SIGMOID_CLIP}, {@link #FLOAT_SLOPE}: a loss or gradient apart, where the
 *     condition of a convention holds (a softmax probability of PyTorch's below 1e-10 for cross-entropy; an output
 *     |z| beyond ln((1 - 1e-5) / 1e-5) for bce_with_logits; a float64 leaky_relu layer with some z &lt; 0), and
 *     {@link Dl4jConventions}, a model of DL4J's conventions built from PyTorch's forward pass, gives DL4J's loss and
 *     every gradient within the fixture's tolerance, while the same model without them gives PyTorch's;
 *     {@link #SOFTPLUS_THRESHOLD} where a softplus layer has some z &gt; 20; each convention counted where the
 *     model without it is no longer DL4J's;
 * <li>{@link #SOFTPLUS_OVERFLOW}: DL4J's a_l of a softplus layer is +∞ exactly where PyTorch's z_l exceeds
 *     ln(the dtype's largest value), and what comes before a_l is explained; everything after it is then +∞ or
 *     NaN and not looked at.
 * </ul>
 * Anything else is a failure of this test.
 */
class RandomNetworksOnDl4jIT {

    static final String SOFTPLUS = "float32 softplus as log(1 + e^z) without log1p";
    static final String SOFTMAX_CLIP = "LossMCXENT's score clips the softmax at 1e-10";
    static final String SIGMOID_CLIP = "LossBinaryXENT clips σ to [1e-5, 1 - 1e-5] in score and gradient";
    static final String FLOAT_SLOPE = "lrelu_bp's slope is the float 0.01 (0.009999999776482582)";
    static final String SOFTPLUS_THRESHOLD = "softplus without torch's threshold at z = 20";
    static final String SOFTPLUS_OVERFLOW = "softplus log(1 + e^z) overflows to +∞ for z > ln(dtype max)";

    private static final int COUNT = Integer.getInteger("randomNetworks.count", 60);
    private static final Implementation MODEL = Implementation.of("dl4j-model",
            "DL4J's conventions applied to PyTorch's forward pass", fixture -> null);

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"FAN_IN, FLOAT32", "UNSCALED, FLOAT32", "FAN_IN, FLOAT64", "UNSCALED, FLOAT64"})
    void correctNetworksPassOnDl4j(Init init, DType dtype) {
        Implementation dl4j = Implementations.named("dl4j");
        ParityCheck check = ParityCheck.of(dl4j);
        List<String> failures = new ArrayList<>();
        Map<String, Integer> known = new TreeMap<>();
        int passed = 0;
        int skipped = 0;
        int explained = 0;
        for (long seed = RandomNetworksIT.FIRST_SEED; seed < RandomNetworksIT.FIRST_SEED + COUNT; seed++) {
            Fixture fixture = RandomNetworks.fixture(seed, init, dtype);
            FixtureComparison comparison = check.check(fixture.source(), fixture);
            if (comparison.status() == Status.PASS) {
                passed++;
            } else if (comparison.status() == Status.SKIPPED) {
                skipped++;
            } else if (comparison.status() == Status.ERROR) {
                failures.add(comparison.error());
            } else {
                List<String> why = new ArrayList<>();
                Set<String> differences = knownDifferences(comparison, dl4j, why);
                if (differences == null) {
                    failures.add(FailureMessage.of(comparison) + "\n  not a known difference: " + why);
                } else {
                    explained++;
                    differences.forEach(d -> known.merge(d, 1, Integer::sum));
                    System.out.println(fixture.name() + ": " + differences);
                }
            }
        }
        String summary = "dl4j, " + init + " " + dtype.jsonName() + ": " + passed + " PASS, " + skipped + " SKIPPED, "
                + explained + " FAIL only where known differences act " + known + ", " + failures.size()
                + " unexplained, of " + COUNT;
        System.out.println(summary);
        assertEquals(List.of(), failures, summary);
        assertTrue(passed > COUNT / 3, summary);
    }

    /** The known differences that make up every failing tensor of the comparison, or null (with why) if none do. */
    static Set<String> knownDifferences(FixtureComparison comparison, Implementation dl4j, List<String> why) {
        Fixture fixture = comparison.fixture();
        Set<String> forward = new TreeSet<>();
        Set<String> tensors = new TreeSet<>();
        for (PairComparison pair : comparison.pairs()) {
            boolean dl4jSide = pair.candidate().name().equals(dl4j.name()) || pair.reference().name().equals(dl4j.name());
            for (TensorDiff diff : pair.forward()) {
                if (!diff.passed()) {
                    forward.add(diff.tensor());
                }
            }
            for (TensorDiff diff : pair.tensors()) {
                if (!diff.passed()) {
                    tensors.add(diff.tensor());
                }
            }
            if (!dl4jSide && !pair.passed()) {
                why.add(pair.label() + " fails: not dl4j's");
                return null;
            }
        }
        if (comparison.training() != null && !comparison.training().passed()) {
            why.add("training");
            return null;
        }
        LossAndGradients torch = Implementations.REFERENCE.lossAndGradients(fixture);
        LossAndGradients ours = dl4j.lossAndGradients(fixture);
        RoundingBound bound = fixture.dtype() == DType.FLOAT32 && !fixture.tolerance().stated()
                ? new RoundingBound(DType.FLOAT32, RoundingScales.of(fixture), 2) : null;
        Set<String> differences = new TreeSet<>();
        int overflow = overflowingSoftplusLayer(fixture, ours, torch);
        if (overflow > 0) {
            // Everything from a_l on is +∞ or NaN on DL4J's side; what comes before a_l must still be explained.
            for (String name : forward) {
                int layer = name.matches("[az]\\d+") ? Integer.parseInt(name.substring(1)) : Integer.MAX_VALUE;
                if (layer < overflow) {
                    if (!softplusWithoutLog1p(fixture, name, ours, torch, bound)) {
                        why.add(name + ", before the overflow in layer " + overflow + ", is not explained");
                        return null;
                    }
                    differences.add(SOFTPLUS);
                }
            }
            differences.add(SOFTPLUS_OVERFLOW);
            return differences;
        }
        for (String name : forward) {
            if (!softplusWithoutLog1p(fixture, name, ours, torch, bound)) {
                why.add(name + " is not a float32 softplus activation within log(1 + e^z)'s error");
                return null;
            }
            differences.add(SOFTPLUS);
        }
        if (!tensors.isEmpty()) {
            Set<String> acting = conventionsActing(fixture, torch);
            if (acting.isEmpty()) {
                why.add(tensors + " apart where no known convention acts");
                return null;
            }
            if (!(fixture.loss() instanceof Loss.BuiltIn) || fixture.activations().stream()
                    .anyMatch(a -> !(a instanceof Activation.BuiltIn))) {
                why.add("no model for a user's own activation or loss");
                return null;
            }
            PairComparison torchModel = compare(Implementations.REFERENCE, torch, MODEL,
                    Dl4jConventions.TORCH.lossAndGradients(fixture, torch), fixture, bound);
            if (!torchModel.passed()) {
                why.add("the model without DL4J's conventions is not PyTorch: " + torchModel.firstDivergence());
                return null;
            }
            PairComparison dl4jModel = compare(dl4j, ours, MODEL,
                    Dl4jConventions.DL4J.lossAndGradients(fixture, torch), fixture, bound);
            if (!dl4jModel.passed()) {
                why.add("dl4j is not the model of its conventions " + acting + ": " + dl4jModel.firstDivergence()
                        + "\n" + FailureMessage.of(FixtureComparison.of(fixture.source(), fixture, dl4jModel)));
                return null;
            }
            // A convention counts where the model without it is no longer DL4J's.
            for (String convention : acting) {
                if (!compare(dl4j, ours, MODEL, without(convention).lossAndGradients(fixture, torch), fixture, bound)
                        .passed()) {
                    differences.add(convention);
                }
            }
            if (differences.isEmpty()) {
                why.add("no one convention of " + acting + " makes the difference alone");
                return null;
            }
        }
        return differences;
    }

    private static Dl4jConventions without(String convention) {
        return new Dl4jConventions(!convention.equals(SOFTMAX_CLIP), !convention.equals(SIGMOID_CLIP),
                !convention.equals(FLOAT_SLOPE), !convention.equals(SOFTPLUS_THRESHOLD));
    }

    private static PairComparison compare(Implementation a, LossAndGradients x, Implementation b, LossAndGradients y,
            Fixture fixture, RoundingBound bound) {
        LossAndGradients bare = new LossAndGradients(x.loss(), x.gradients());
        return bound == null ? PairComparison.of(a, bare, b, y, fixture.tolerance())
                : PairComparison.of(a, bare, b, y, fixture.tolerance(), bound);
    }

    /** The conventions whose condition holds on the fixture, from PyTorch's forward pass. */
    private static Set<String> conventionsActing(Fixture fixture, LossAndGradients torch) {
        Set<String> acting = new TreeSet<>();
        int depth = fixture.depth();
        if (fixture.loss() == Loss.BuiltIn.SOFTMAX_CROSS_ENTROPY && java.util.Arrays.stream(
                torch.forward().get(LossAndGradients.SOFTMAX).data()).anyMatch(p -> p < Dl4jConventions.SOFTMAX_CLIP)) {
            acting.add(SOFTMAX_CLIP);
        }
        if (fixture.loss() == Loss.BuiltIn.BCE_WITH_LOGITS && java.util.Arrays.stream(torch.forward()
                .get(LossAndGradients.preActivationName(depth)).data())
                .anyMatch(z -> Math.abs(z) > Dl4jConventions.SIGMOID_CLIP_LOGIT)) {
            acting.add(SIGMOID_CLIP);
        }
        for (int l = 1; l < depth; l++) {
            if (fixture.activation(l) == Activation.BuiltIn.SOFTPLUS && java.util.Arrays.stream(torch.forward()
                    .get(LossAndGradients.preActivationName(l)).data()).anyMatch(z -> z > Dl4jConventions.SOFTPLUS_THRESHOLD)) {
                acting.add(SOFTPLUS_THRESHOLD);
            }
            if (fixture.dtype() == DType.FLOAT64 && fixture.activation(l) == Activation.BuiltIn.LEAKY_RELU
                    && java.util.Arrays.stream(torch.forward().get(LossAndGradients.preActivationName(l)).data())
                            .anyMatch(z -> z < 0)) {
                acting.add(FLOAT_SLOPE);
            }
        }
        return acting;
    }

    /**
     * The first softplus layer l where DL4J's a_l is +∞ exactly at the elements where PyTorch's z_l exceeds
     * ln of the dtype's largest value (88.72 in float32, 709.78 in float64), so that e^z overflows, and is finite
     * elsewhere; 0 if there is none.
     */
    static int overflowingSoftplusLayer(Fixture fixture, LossAndGradients dl4j, LossAndGradients torch) {
        double limit = Math.log(fixture.dtype() == DType.FLOAT32 ? Float.MAX_VALUE : Double.MAX_VALUE);
        for (int l = 1; l < fixture.depth(); l++) {
            if (fixture.activation(l) != Activation.BuiltIn.SOFTPLUS) {
                continue;
            }
            Tensor z = torch.forward().get(LossAndGradients.preActivationName(l));
            Tensor a = dl4j.forward().get(LossAndGradients.activationName(l));
            boolean any = false;
            boolean exact = true;
            for (int i = 0; i < z.size(); i++) {
                boolean over = z.get(i) > limit;
                any |= over;
                exact &= over ? a.get(i) == Double.POSITIVE_INFINITY : Double.isFinite(a.get(i));
            }
            if (any) {
                return exact ? l : 0;
            }
        }
        return 0;
    }

    /**
     * Whether {@code name} is a_l of a float32 softplus layer whose every element is within its rounding allowance
     * plus, where PyTorch's z &lt; 0, the error of rounding 1 + e^z to float32 before the log: half an ulp of 1,
     * 2^-24, divided by 1 + e^z.
     */
    static boolean softplusWithoutLog1p(Fixture fixture, String name, LossAndGradients dl4j, LossAndGradients torch,
            RoundingBound bound) {
        if (fixture.dtype() != DType.FLOAT32 || bound == null || !name.matches("a\\d+")) {
            return false;
        }
        int layer = Integer.parseInt(name.substring(1));
        if (layer >= fixture.depth() || fixture.activation(layer) != Activation.BuiltIn.SOFTPLUS) {
            return false;
        }
        Tensor a = dl4j.forward().get(name);
        Tensor b = torch.forward().get(name);
        Tensor z = torch.forward().get(LossAndGradients.preActivationName(layer));
        double[] allowed = bound.allowed(name);
        for (int i = 0; i < b.size(); i++) {
            double log1pError = z.get(i) < 0 ? 0x1p-24 / (1 + Math.exp(z.get(i))) : 0;
            if (!(Math.abs(a.get(i) - b.get(i)) <= (allowed == null ? 0 : allowed[i]) + log1pError)) {
                return false;
            }
        }
        return true;
    }
}
