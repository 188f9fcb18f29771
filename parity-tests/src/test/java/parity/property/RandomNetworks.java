package parity.property;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import parity.api.Activation;
import parity.api.DType;
import parity.api.Fixture;
import parity.fixtures.FixtureReader;
import parity.fixtures.InvalidFixtureException;
import parity.fixtures.SplitMix64;

/**
 * Random correct networks as people write them, one per seed, as fixture JSON with every value written
 * out (a failure is a file to save and rerun with {@code ./parity check}). From one {@link SplitMix64}
 * stream seeded with the seed: 1 to 4 weight layers, every layer size 2 to 32, 1 to 16 samples (or up to
 * {@link #MAX_WIDTH} and {@link #MAX_SAMPLES}), any
 * built-in activation, mse or cross-entropy, l2 0 or 0.01 to 1; inputs and MSE
 * targets N(0, 1). The weights and biases follow {@link Init}. Half of the networks, chosen by a second
 * stream seeded with {@code ~seed}, are format 1.2's: an activation of its own in each hidden layer and a
 * bias or none in each layer (the bias drawn either way, so that the first stream runs as before), and a loss
 * of format 1.2 in place of mse (mse summed, huber with δ in [0.25, 2], l1, bce_with_logits on σ of the
 * targets) or cross-entropy (label smoothing 0.1 to 0.3, class weights in [0.25, 2], or both).
 */
final class RandomNetworks {

    /** How the weights and biases are drawn. */
    enum Init {
        /** N(0, 1/fan-in), as torch.nn.Linear's default scales them (Kaiming-style). */
        FAN_IN,
        /** N(0, σ²) with σ uniform in [0.5, 2], as a network written from scratch often is. */
        UNSCALED
    }

    /** The largest layer size and sample count drawn: 32 and 16, or {@code randomNetworks.maxWidth} and {@code …maxSamples}. */
    static final int MAX_WIDTH = Integer.getInteger("randomNetworks.maxWidth", 32);
    static final int MAX_SAMPLES = Integer.getInteger("randomNetworks.maxSamples", 16);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ACTIVATIONS =
            Stream.of(Activation.BuiltIn.values()).map(Activation.BuiltIn::jsonName).toList();

    private RandomNetworks() {
    }

    /** The fixture of {@code seed}, read and validated as a file would be. */
    static Fixture fixture(long seed, Init init, DType dtype) {
        return read(seed, init, dtype, json(seed, init, dtype));
    }

    /** The fixture of {@code seed} as it was before format 1.2: one activation, a bias in every layer. */
    static Fixture uniformFixture(long seed, Init init, DType dtype) {
        return read(seed, init, dtype, json(seed, init, dtype, false, false));
    }

    /**
     * The same network with a training block drawn from the same stream after it: SGD (momentum 0 or 0.9)
     * or Adam, learning rate 0.001 to 0.1, 5 to 20 steps, full batch.
     */
    static Fixture trained(long seed, Init init, DType dtype) {
        return read(seed, init, dtype, json(seed, init, dtype, true, true));
    }

    private static Fixture read(long seed, Init init, DType dtype, String json) {
        try {
            return new FixtureReader().read(name(seed, init, dtype) + ".json", json.getBytes(StandardCharsets.UTF_8));
        } catch (InvalidFixtureException e) {
            throw new AssertionError("RandomNetworks wrote an invalid fixture: " + e.getMessage(), e);
        }
    }

    static String name(long seed, Init init, DType dtype) {
        return "random-" + init.name().toLowerCase().replace('_', '-') + "-" + dtype.jsonName() + "-" + seed;
    }

    static String json(long seed, Init init, DType dtype) {
        return json(seed, init, dtype, false, true);
    }

    private static String json(long seed, Init init, DType dtype, boolean trained, boolean perLayerAllowed) {
        SplitMix64 random = new SplitMix64(seed);
        int weightLayers = 1 + below(random, 4);
        List<Integer> layers = new ArrayList<>();
        for (int l = 0; l <= weightLayers; l++) {
            layers.add(2 + below(random, MAX_WIDTH - 1));
        }
        int samples = 1 + below(random, MAX_SAMPLES);
        String activation = ACTIVATIONS.get(below(random, ACTIVATIONS.size()));
        boolean mse = random.uniform() < 0.5;
        double l2 = random.uniform() < 0.5 ? 0 : (1 + below(random, 100)) / 100.0;
        double sigma = 0.5 + 1.5 * random.uniform();
        // Format 1.2 on a stream of its own, so that the other half of the networks stay as they were drawn.
        SplitMix64 layerwise = new SplitMix64(~seed);
        boolean perLayer = layerwise.uniform() < 0.5 && perLayerAllowed;
        List<String> activations = new ArrayList<>();
        List<Boolean> biases = new ArrayList<>();
        for (int l = 1; l <= weightLayers; l++) {
            if (l < weightLayers) {
                activations.add(ACTIVATIONS.get(below(layerwise, ACTIVATIONS.size())));
            }
            biases.add(layerwise.uniform() < 0.5);
        }
        int outputs = layers.get(weightLayers);
        // Format 1.2's losses and options, drawn after the layers' so that those stay as they were drawn.
        Object loss = mse ? "mse" : "softmax_cross_entropy";
        boolean probabilities = false;
        boolean summed = false;
        if (perLayer) {
            int pick = below(layerwise, 5);
            if (mse) {
                loss = switch (pick) {
                    case 0 -> "mse";
                    case 1 -> lossObject("mse", "reduction", "sum");
                    case 2 -> lossObject("huber", "delta", 0.25 + 1.75 * layerwise.uniform());
                    case 3 -> "l1";
                    default -> "bce_with_logits";
                };
                probabilities = pick == 4;
                summed = pick == 1;
            } else if (pick > 1) {
                Map<String, Object> options = new LinkedHashMap<>();
                options.put("name", "softmax_cross_entropy");
                if (pick != 3) {
                    options.put("labelSmoothing", (1 + below(layerwise, 3)) / 10.0);
                }
                if (pick != 2) {
                    List<Double> weights = new ArrayList<>();
                    for (int c = 0; c < outputs; c++) {
                        weights.add(0.25 + 1.75 * layerwise.uniform());
                    }
                    options.put("classWeights", weights);
                }
                loss = options;
            }
        }

        Map<String, Object> fixture = new LinkedHashMap<>();
        fixture.put("name", name(seed, init, dtype));
        fixture.put("description", "RandomNetworks seed " + seed + ", init " + init + (init == Init.UNSCALED
                ? ", sigma " + sigma : "") + (perLayer ? ", an activation and a bias or none per layer" : ""));
        fixture.put("dtype", dtype.jsonName());
        fixture.put("layers", layers);
        if (perLayer) {
            fixture.put("version", "1.2");
            fixture.put("activation", activations.isEmpty() ? activation : activations);
            fixture.put("bias", biases);
        } else {
            fixture.put("activation", activation);
        }
        fixture.put("loss", loss);
        fixture.put("l2", l2);
        Map<String, Object> params = new LinkedHashMap<>();
        for (int l = 1; l <= weightLayers; l++) {
            int in = layers.get(l - 1);
            int out = layers.get(l);
            double scale = init == Init.FAN_IN ? 1 / Math.sqrt(in) : sigma;
            params.put(Fixture.weightName(l), gaussianRows(random, out, in, scale));
            List<Double> bias = gaussianRows(random, 1, out, scale).get(0);
            if (!perLayer || biases.get(l - 1)) {
                params.put(Fixture.biasName(l), bias);
            }
        }
        fixture.put("inputs", gaussianRows(random, samples, layers.get(0), 1));
        if (mse) {
            List<List<Double>> targets = gaussianRows(random, samples, outputs, 1);
            // bce_with_logits takes values in [0, 1]: σ of the same draws.
            fixture.put("targets", probabilities ? targets.stream()
                    .map(row -> row.stream().map(t -> 1 / (1 + Math.exp(-t))).toList()).toList() : targets);
        } else {
            List<Integer> labels = new ArrayList<>();
            for (int n = 0; n < samples; n++) {
                labels.add(below(random, outputs));
            }
            fixture.put("targets", labels);
        }
        fixture.put("params", params);
        if (trained) {
            Map<String, Object> training = new LinkedHashMap<>();
            boolean adam = random.uniform() < 0.5;
            training.put("optimizer", adam ? "adam" : "sgd");
            // A summed loss is N·D_out times the mean's, and so are its gradients: its learning rate is the
            // mean's divided by N·D_out, as people who sum take it, or SGD blows the run up.
            double perElement = summed ? samples * outputs : 1;
            training.put("learningRate", Math.pow(10, -3 + 2 * random.uniform()) / perElement);
            training.put("steps", 5 + below(random, 16));
            if (!adam && random.uniform() < 0.5) {
                training.put("momentum", 0.9);
            }
            fixture.put("training", training);
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(fixture);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {"name": name, key: value}, in that order. */
    private static Map<String, Object> lossObject(String name, String key, Object value) {
        Map<String, Object> loss = new LinkedHashMap<>();
        loss.put("name", name);
        loss.put(key, value);
        return loss;
    }

    private static int below(SplitMix64 random, int bound) {
        return (int) Math.floor(random.uniform() * bound);
    }

    /** rows × cols values N(0, scale²), by Box–Muller. */
    private static List<List<Double>> gaussianRows(SplitMix64 random, int rows, int cols, double scale) {
        List<List<Double>> result = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            List<Double> row = new ArrayList<>();
            for (int c = 0; c < cols; c++) {
                double radius = Math.sqrt(-2 * Math.log(1 - random.uniform()));
                row.add(scale * radius * Math.cos(2 * Math.PI * random.uniform()));
            }
            result.add(row);
        }
        return result;
    }
}
