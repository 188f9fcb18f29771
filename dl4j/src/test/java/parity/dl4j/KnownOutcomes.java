package parity.dl4j;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bundled suite on DL4J 1.0.0-M2.1, fixture by fixture, where it does not simply pass: the fixtures DL4J
 * cannot express, the training blocks it cannot run, and the known differences with their sizes. Each
 * difference's cause is confirmed by {@link DifferencesExplainedTest} with a model of DL4J's convention built
 * from PyTorch's own values, not from DL4J's; docs/dl4j.md has the table and the write-ups.
 */
final class KnownOutcomes {

    private static final String DL4J_ODD = "dl4j is wrong: the reference, finite differences and the recorded "
            + "PyTorch values agree, dl4j disagrees with all three";
    private static final String DL4J_ODD_IN_TRAINING = "in training, dl4j is wrong: the reference and the recorded "
            + "PyTorch values agree, dl4j disagrees with both";
    private static final String CLIPPED = "LossMCXENT's score clips the softmax to [1e-10, 1 - 1e-10]: "
            + "-log p is at most 23.03 per sample";
    private static final String ADAM_EPS = "DL4J's Adam adds ε to √v, torch to √v/√(1-β2^t): "
            + "DL4J's ε is torch's ε/√(1-β2^t)";
    private static final String DECAY_TWICE = "defect: a WeightDecay set on the network's builder is applied twice "
            + "a step (each layer's configuration holds it twice); and " + ADAM_EPS;
    private static final String HEAVY_BALL = "SGD with momentum but without Nesterov: DL4J's only momentum updater "
            + "is Nesterovs";

    static final Map<String, Expected> OUTCOMES = new LinkedHashMap<>();

    static {
        OUTCOMES.put("large-logits", new Expected.Difference(DL4J_ODD, "loss; forward pass agrees", 346.7, CLIPPED));
        OUTCOMES.put("seed-blog-sgd", new Expected.Difference(DL4J_ODD_IN_TRAINING,
                "training step 4 of 10: loss; at step 4's parameters: loss; forward pass agrees", 29.69, CLIPPED));
        OUTCOMES.put("leaky-relu-kink", new Expected.Difference("no side is the odd one out: dl4j ↔ reference FAIL, "
                + "dl4j ↔ numeric PASS, reference ↔ numeric PASS, dl4j ↔ recorded FAIL, reference ↔ recorded PASS",
                "dW1 (layer 1, backward); forward pass agrees", 0.06424,
                "leaky_relu'(0): DL4J takes 1 (x < 0 ? α : 1), torch α = 0.01 (x > 0 ? 1 : α)"));
        OUTCOMES.put("sgd-momentum-dampening", new Expected.TrainingNotCompared(HEAVY_BALL));
        OUTCOMES.put("adam-minibatch", new Expected.Difference("no side is the odd one out: dl4j ↔ reference PASS, "
                + "dl4j ↔ numeric PASS, reference ↔ numeric PASS, dl4j ↔ recorded PASS, reference ↔ recorded PASS, "
                + "dl4j ↔ numeric first step FAIL, reference ↔ numeric first step PASS, training dl4j ↔ reference FAIL, "
                + "training dl4j ↔ recorded PASS, training reference ↔ recorded PASS",
                "training step 1 of 30: W1, b1, W2", 3.622e-6, ADAM_EPS));
        OUTCOMES.put("adam-decay-eps", new Expected.Difference(DL4J_ODD,
                "training step 1 of 25: loss, W1, b1, W2, b2", 0.01145, ADAM_EPS));
        OUTCOMES.put("adamw-amsgrad-minibatch", new Expected.Difference(DL4J_ODD,
                "training step 1 of 30: loss, W1, b1, W2, b2", 0.004858, DECAY_TWICE));
        OUTCOMES.put("adamw-float32", new Expected.Difference(DL4J_ODD_IN_TRAINING,
                "training step 1 of 40: loss, W1, b1, W2, b2, W3, b3", 8.279e-5, DECAY_TWICE));
        OUTCOMES.put("adamw-no-decay", new Expected.Difference(DL4J_ODD,
                "training step 1 of 25: W1, b1, W2", 5.966e-6, ADAM_EPS));
        OUTCOMES.put("mixed-relu-tanh", new Expected.TrainingNotCompared(HEAVY_BALL));
        OUTCOMES.put("huber-tanh-adam", new Expected.Skipped("huber: DL4J 1.0.0-M2.1 has no Huber loss"));
        OUTCOMES.put("bce-multilabel-softplus", new Expected.Skipped(
                "pos_weight: LossBinaryXENT's weights scale both terms, pos_weight only the positive one"));
        OUTCOMES.put("mse-sum-sigmoid", new Expected.Skipped("mse summed: every DL4J output layer divides its loss by N"));
        OUTCOMES.put("ce-label-smoothing", new Expected.Skipped("label smoothing: LossMCXENT has none"));
        OUTCOMES.put("ce-class-weights", new Expected.Skipped(
                "class weights: LossMCXENT's weighted mean divides by N, torch's by the targets' weights"));
        OUTCOMES.put("ce-smoothing-weights-float32-adam", new Expected.Skipped("label smoothing: LossMCXENT has none"));
    }

    private KnownOutcomes() {
    }

    /** The expected outcome of a fixture; null for one that must PASS with everything compared. */
    static Expected of(String fixture) {
        return OUTCOMES.get(fixture);
    }
}
