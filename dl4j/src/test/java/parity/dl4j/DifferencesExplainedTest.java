package parity.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import parity.api.Fixture;
import parity.api.Implementation;
import parity.api.LossAndGradients;
import parity.api.Targets;
import parity.api.Tensor;
import parity.api.Trajectory;
import parity.compare.FailureMessage;
import parity.compare.Implementations;
import parity.compare.PairComparison;
import parity.compare.TrajectoryComparison;
import parity.fixtures.BundledSuite;
import parity.fixtures.InvalidFixtureException;
import parity.oracle.AutogradReference;
import parity.reference.TorchActivation;

/**
 * Each known difference of {@link KnownOutcomes} explained: a model of DL4J's convention, built from PyTorch's
 * values (never from DL4J's), reproduces DL4J's numbers within the fixture's tolerance, and so the convention is
 * the whole difference. The same model without the convention reproduces PyTorch's, so it can tell them apart.
 */
class DifferencesExplainedTest {

    private static final Implementation DL4J = new Dl4jImplementation();
    private static final Implementation MODEL = Implementation.of("dl4j-model",
            "DL4J's convention applied to PyTorch's values", fixture -> null);

    /** LossMCXENT's default clipping ε, {@code DEFAULT_SOFTMAX_CLIPPING_EPSILON}. */
    private static final double SOFTMAX_CLIP = 1e-10;

    @Test
    void largeLogitsLossIsTheCrossEntropyOfTheClippedSoftmax() throws InvalidFixtureException {
        Fixture fixture = BundledSuite.load("large-logits.json");

        double clipped = clippedLoss(fixture);
        double dl4j = DL4J.lossAndGradients(fixture).loss();
        double torch = Implementations.REFERENCE.lossAndGradients(fixture).loss();

        assertEquals(clipped, dl4j, 1e-7 + 1e-7 * Math.abs(clipped));
        assertTrue(Math.abs(torch - clipped) > 100, "the clipping matters here: " + torch + " vs " + clipped);
    }

    /** seed-blog-sgd's logits grow ×1.5 a step: from step 4 on a softmax entry of a target falls below 1e-10. */
    @Test
    void seedBlogSgdLossesAreTheClippedLossAtEveryStep() throws InvalidFixtureException {
        Fixture fixture = BundledSuite.load("seed-blog-sgd.json");
        Trajectory dl4j = ((Dl4jImplementation) DL4J).train(fixture);

        for (int k = 0; k < dl4j.losses().size(); k++) {
            double model = clippedLoss(fixture.withParams(dl4j.params().get(k)));
            double allowed = 1e-7 * (1 + k) * (1 + Math.abs(model));
            assertEquals(model, dl4j.losses().get(k), allowed, "step " + k);
        }
    }

    /**
     * leaky_relu's derivative at exactly 0: libnd4j's {@code x < 0 ? α : 1} takes 1, torch's {@code x > 0 ? 1 : α}
     * takes α. PyTorch, given a leaky_relu whose branch at 0 is the identity's, gives DL4J's gradients.
     */
    @Test
    void leakyReluKinkGradientsArePyTorchsWithSlopeOneAtZero() throws InvalidFixtureException {
        Fixture fixture = BundledSuite.load("leaky-relu-kink.json");
        TorchActivation slopeOneAtZero = TorchActivation.of("leaky_relu_one_at_zero", z -> z >= 0 ? z : 0.01 * z,
                DifferencesExplainedTest::leakyReluOneAtZero, 0);
        Fixture modelled = withActivation(fixture, slopeOneAtZero);

        LossAndGradients dl4j = DL4J.lossAndGradients(fixture);
        LossAndGradients model = new AutogradReference(List.of(slopeOneAtZero)).lossAndGradients(modelled);
        PairComparison agreement = PairComparison.of(DL4J, dl4j, MODEL, model, fixture.tolerance());

        assertTrue(agreement.passed(), agreement.firstDivergence());
        assertFalse(PairComparison.of(DL4J, dl4j, Implementations.REFERENCE,
                Implementations.REFERENCE.lossAndGradients(fixture), fixture.tolerance()).passed());
    }

    /**
     * Adam and AMSGrad without decoupled weight decay: DL4J's runs are the Adam model with ε on the uncorrected root,
     * driven by PyTorch's gradients; with ε where torch puts it, the same model gives PyTorch's run, not DL4J's.
     */
    @ParameterizedTest
    @ValueSource(strings = {"adam-minibatch", "adam-decay-eps", "adamw-no-decay"})
    void adamRunsAreTheModelWithEpsilonOnTheUncorrectedRoot(String name) throws InvalidFixtureException {
        assertExplained(name, 1);
    }

    /**
     * AdamW with weight decay: DL4J's runs are the same model with the decoupled decay applied twice a step, the
     * defect of docs/dl4j.md; once, as torch applies it, they are not.
     */
    @ParameterizedTest
    @ValueSource(strings = {"adamw-amsgrad-minibatch", "adamw-float32"})
    void adamWRunsAreTheModelWithTheWeightDecayAppliedTwice(String name) throws InvalidFixtureException {
        assertExplained(name, 2);
        Fixture fixture = BundledSuite.load(name + ".json");
        TrajectoryComparison once = TrajectoryComparison.of(DL4J, ((Dl4jImplementation) DL4J).train(fixture), MODEL,
                Dl4jAdamModel.run(fixture, Implementations.REFERENCE, Dl4jAdamModel.Epsilon.DL4J, 1), fixture.tolerance());
        assertFalse(once.passed(), name + ": DL4J's run is the model with the decay applied once too");
    }

    /** The network's builder given one WeightDecay, as {@code .weightDecay(wd)} gives it: every layer holds two. */
    @Test
    void aWeightDecayOnTheBuilderIsInEveryLayerTwice() {
        org.deeplearning4j.nn.conf.MultiLayerConfiguration configuration =
                new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().weightDecay(0.01).list()
                        .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(2).nOut(2).build())
                        .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder().nIn(2).nOut(2).build())
                        .build();
        for (org.deeplearning4j.nn.conf.NeuralNetConfiguration layer : configuration.getConfs()) {
            List<org.nd4j.linalg.learning.regularization.Regularization> weights =
                    ((org.deeplearning4j.nn.conf.layers.BaseLayer) layer.getLayer()).getRegularization();
            assertEquals(2, weights.stream()
                    .filter(r -> r instanceof org.nd4j.linalg.learning.regularization.WeightDecay).count(),
                    weights.toString());
        }
    }

    /**
     * DL4J's run is the Adam model with DL4J's ε and {@code decays} decoupled decays a step; torch's run is the model
     * with torch's ε and one; DL4J's run is not the latter.
     */
    private static void assertExplained(String name, int decays) throws InvalidFixtureException {
        Fixture fixture = BundledSuite.load(name + ".json");
        Trajectory dl4j = ((Dl4jImplementation) DL4J).train(fixture);
        Trajectory torch = Implementations.REFERENCE.train(fixture);
        Trajectory torchConvention = Dl4jAdamModel.run(fixture, Implementations.REFERENCE, Dl4jAdamModel.Epsilon.TORCH, 1);

        TrajectoryComparison dl4jModel = TrajectoryComparison.of(DL4J, dl4j, MODEL, Dl4jAdamModel.run(fixture,
                Implementations.REFERENCE, Dl4jAdamModel.Epsilon.DL4J, decays), fixture.tolerance());
        TrajectoryComparison torchModel = TrajectoryComparison.of(Implementations.REFERENCE, torch, MODEL,
                torchConvention, fixture.tolerance());
        TrajectoryComparison crossed = TrajectoryComparison.of(DL4J, dl4j, MODEL, torchConvention, fixture.tolerance());

        assertTrue(dl4jModel.passed(), name + ": DL4J parts from the model at step " + dl4jModel.firstFailingStep());
        assertTrue(torchModel.passed(), name + ": PyTorch parts from the model at step " + torchModel.firstFailingStep());
        assertFalse(crossed.passed(), name + ": DL4J agrees with torch's convention too: the model cannot tell them apart");
    }

    /** -Σ_n log(clip(softmax(z_n)[y_n], ε, 1 - ε)) / N + 0.5·λ·Σ‖W‖², from PyTorch's softmax. */
    private static double clippedLoss(Fixture fixture) {
        double[][] softmax = Implementations.REFERENCE.lossAndGradients(fixture).forward()
                .get(LossAndGradients.SOFTMAX).rows();
        int[] labels = ((Targets.ClassLabels) fixture.targets()).labels();
        double data = 0;
        for (int n = 0; n < labels.length; n++) {
            data -= Math.log(Math.min(Math.max(softmax[n][labels[n]], SOFTMAX_CLIP), 1 - SOFTMAX_CLIP));
        }
        double squares = 0;
        for (int l = 1; l <= fixture.depth(); l++) {
            for (double w : fixture.weight(l).data()) {
                squares += w * w;
            }
        }
        return data / labels.length + 0.5 * fixture.l2() * squares;
    }

    /** where(z ≥ 0, z, α·z): autograd sends the gradient through the branch taken, the identity's at 0. */
    private static NDArray leakyReluOneAtZero(NDArray z) {
        NDArray zero = z.getManager().create(0.0).toType(z.getDataType(), false);
        NDArray slope = z.getManager().create(0.01).toType(z.getDataType(), false);
        return NDArrays.where(z.gte(zero), z, z.mul(slope));
    }

    private static Fixture withActivation(Fixture fixture, TorchActivation activation) {
        return new Fixture(fixture.source(), fixture.name(), fixture.description(), fixture.dtype(), fixture.layers(),
                List.of(activation.activation()), fixture.biases(), fixture.loss(), fixture.lossOptions(), fixture.l2(),
                fixture.inputs(), fixture.targets(), fixture.params(), fixture.tolerance(), fixture.training(), null);
    }
}
