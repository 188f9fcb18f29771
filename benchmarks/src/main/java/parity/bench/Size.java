package parity.bench;

import java.nio.charset.StandardCharsets;
import parity.api.Fixture;
import parity.fixtures.FixtureReader;
import parity.fixtures.InvalidFixtureException;

/**
 * The network sizes the benchmarks time: sigmoid, softmax cross-entropy, l2 0.5, parameters and data
 * from {@code init} seed 7, scale 0.1, as in issue 9's table.
 */
public enum Size {
    SEED("3, 4, 5", 2),
    SMALL("64, 128, 10", 32),
    MNIST("784, 256, 10", 128),
    DEEP("784, 512, 512, 10", 256);

    private final String layers;
    private final int samples;

    Size(String layers, int samples) {
        this.layers = layers;
        this.samples = samples;
    }

    /** {@code 784→512→512→10, N=256}. */
    public String shape() {
        return layers.replace(", ", "→") + ", N=" + samples;
    }

    public Fixture fixture(String dtype) {
        String json = "{\"name\": \"" + name().toLowerCase() + "-" + dtype + "\", \"dtype\": \"" + dtype
                + "\", \"layers\": [" + layers + "], \"activation\": \"sigmoid\", \"loss\": \"softmax_cross_entropy\","
                + " \"l2\": 0.5, \"init\": {\"seed\": 7, \"scale\": 0.1, \"samples\": " + samples + "}}";
        try {
            return new FixtureReader().read(name().toLowerCase() + ".json", json.getBytes(StandardCharsets.UTF_8));
        } catch (InvalidFixtureException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
