package parity.dl4j;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.UpdaterCreator;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import parity.api.Fixture;
import parity.api.LossAndGradients;
import parity.api.Tensor;

/**
 * DL4J's loss and gradient of a fixture's network, as DL4J's own {@code GradientCheckUtil} takes them:
 * {@code computeGradientAndScore()}, then the network's updater with no update rule ({@code NoOp}).
 *
 * <p>Why the updater: {@code computeGradientAndScore()} leaves the gradient as backprop of the loss summed over
 * the batch, {@code Σ_n ∂data_n/∂θ}, without the regularization; DL4J's updater divides it by N
 * ({@code miniBatch(true)}, the default) and adds λ·W ({@code L2Regularization}, applied before the update rule)
 * before any rule sees it. Only after that is it the gradient of DL4J's score,
 * {@code J = Σ_n data_n / N + 0.5·λ·Σ_l ‖W_l‖²}: {@code dW_l = δ_lᵀ·a_{l-1}/N + λ·W_l}, {@code db_l = Σ_rows δ_l / N}.
 */
final class GradientPass {

    private GradientPass() {
    }

    /**
     * DL4J's score in the fixture's dtype. {@code score()} is a Java double even for a float32 network: the loss's
     * float32 sum is divided by N and the L2 term ({@code norm2} squared) added in double. Rounded once to float32,
     * the one rounding a float32 loss takes; a float64 score is returned as it is.
     */
    static double score(double score, Fixture fixture) {
        return fixture.dtype().round(score);
    }

    /** The score and every gradient, named dW1, db1, … in the fixture's layout; no forward intermediates. */
    static LossAndGradients of(MultiLayerNetwork network, Fixture fixture) {
        network.setInput(Dl4jArrays.inputs(fixture));
        network.setLabels(Dl4jArrays.labels(fixture));
        network.computeGradientAndScore();
        Pair<Gradient, Double> gradientAndScore = network.gradientAndScore();
        Updater updater = UpdaterCreator.getUpdater(network);
        updater.update(network, gradientAndScore.getFirst(), 0, 0, fixture.samples(), LayerWorkspaceMgr.noWorkspaces());
        Map<String, org.nd4j.linalg.api.ndarray.INDArray> byKey = gradientAndScore.getFirst().gradientForVariable();
        Map<String, Tensor> gradients = new LinkedHashMap<>();
        for (int l = 1; l <= fixture.depth(); l++) {
            gradients.put(Fixture.gradientName(Fixture.weightName(l)),
                    Dl4jArrays.matrix(byKey.get(Dl4jNetworks.weightKey(l)).transpose()));
            if (fixture.hasBias(l)) {
                gradients.put(Fixture.gradientName(Fixture.biasName(l)), Dl4jArrays.vector(byKey.get(Dl4jNetworks.biasKey(l))));
            }
        }
        return new LossAndGradients(score(gradientAndScore.getSecond(), fixture), gradients);
    }
}
