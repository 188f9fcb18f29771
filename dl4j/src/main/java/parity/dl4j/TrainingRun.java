package parity.dl4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import parity.api.Fixture;
import parity.api.Tensor;
import parity.api.Training;
import parity.api.Trajectory;

/**
 * A fixture's training block run by DL4J: one {@code fit(features, labels)} per step, on that step's rows
 * ({@link Training#batchRows}), with the block's updater and weight decay ({@link TrainingRule}); each fit is one
 * iteration of DL4J's SGD solver: backprop, the updater (1/N, L2, the rule, weight decay), {@code θ ← θ - update}.
 *
 * <p>The losses recorded, over all N samples before each step and after the last, are DL4J's score of the
 * fixture's own network (its λ only) at the trained parameters: the training network's own score would also
 * count the optimiser's weight decay as a regularization term, {@code 0.5·wd·Σ‖θ‖²}, which torch's loss does not.
 */
final class TrainingRun {

    private final Fixture fixture;
    private final Dl4jNetworks networks;

    TrainingRun(Fixture fixture, Dl4jNetworks networks) {
        this.fixture = fixture;
        this.networks = networks;
    }

    Trajectory run() {
        Training training = fixture.training();
        MultiLayerNetwork trained = networks.network(fixture, TrainingRule.of(training));
        MultiLayerNetwork scorer = networks.network(fixture);
        DataSet all = new DataSet(Dl4jArrays.inputs(fixture), Dl4jArrays.labels(fixture));
        List<Double> losses = new ArrayList<>();
        List<Map<String, Tensor>> params = new ArrayList<>();
        for (int step = 0; step < training.steps(); step++) {
            record(trained, scorer, all, losses, params);
            Fixture batch = training.fullBatch(fixture.samples()) ? fixture
                    : fixture.batch(training.batchRows(step, fixture.samples()));
            trained.fit(Dl4jArrays.inputs(batch), Dl4jArrays.labels(batch));
        }
        record(trained, scorer, all, losses, params);
        return new Trajectory(losses, params);
    }

    private void record(MultiLayerNetwork trained, MultiLayerNetwork scorer, DataSet all, List<Double> losses,
            List<Map<String, Tensor>> params) {
        scorer.setParams(trained.params());
        losses.add(GradientPass.score(scorer.score(all, false), fixture));
        params.add(Dl4jNetworks.parameters(trained, fixture));
    }
}
