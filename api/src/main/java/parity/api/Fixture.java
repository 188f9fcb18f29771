package parity.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One validated test case: a fully connected network, its data and its parameters.
 *
 * <p>Layer l (counting from 1) computes {@code z_l = a_{l-1} · W_lᵀ + b_l} with W_l of shape out×in,
 * one sample per row, and without the {@code + b_l} where it {@linkplain #hasBias has no bias}; hidden
 * layers apply their {@link #activation(int) activation}, the last layer is linear and feeds
 * {@link #loss()}. Total loss = data loss + 0.5·l2·Σ_l ‖W_l‖²_F; biases are not regularised.
 * All values are already rounded to {@link #dtype()}.
 *
 * @param source the file (or bundled resource) the fixture came from, as error messages name it
 * @param activations one activation for every hidden layer (a fixture that names one), or one per hidden
 *     layer in order (format 1.2's list)
 * @param biases whether each weight layer, 1 to depth in order, adds a bias (format 1.2; all, before it)
 * @param lossOptions the loss's settings (format 1.2's loss object), torch's defaults otherwise
 * @param training the training run to compare step by step, or null when the fixture has none
 * @param expected what PyTorch itself computed for the fixture (format 1.1), or null when it carries none
 */
public record Fixture(
        String source,
        String name,
        String description,
        DType dtype,
        int[] layers,
        List<Activation> activations,
        boolean[] biases,
        Loss loss,
        LossOptions lossOptions,
        double l2,
        Tensor inputs,
        Targets targets,
        Map<String, Tensor> params,
        Tolerance tolerance,
        Training training,
        Expected expected) {

    /** The format versions a fixture's optional {@code version} may give; without one it is the first. */
    public static final List<String> VERSIONS = List.of("1", Expected.VERSION, Fixture.PER_LAYER_VERSION);

    /** The version that brought an activation per layer and layers without bias. */
    public static final String PER_LAYER_VERSION = "1.2";

    /**
     * Copies the arrays, the list and the map, so that the fixture cannot change under its holder.
     *
     * @param source the file (or bundled resource) the fixture came from
     * @param name the fixture's name, as reports head it
     * @param description what the fixture is for, in a sentence
     * @param dtype the dtype every value is rounded to and both sides compute in
     * @param layers the layer sizes, input first: {@code [in, hidden…, out]}
     * @param activations one activation for every hidden layer, or one per hidden layer in order
     * @param biases whether each weight layer, 1 to depth in order, adds a bias
     * @param loss the loss
     * @param lossOptions the loss's settings
     * @param l2 the coefficient of 0.5·l2·Σ_l ‖W_l‖²_F
     * @param inputs the inputs, N×in
     * @param targets the targets of the N samples
     * @param params W1, b1, … by name, without the b of a layer that has no bias
     * @param tolerance the tolerance every pair is held to
     * @param training the training run to compare, or null
     * @param expected what PyTorch computed, or null
     * @throws IllegalArgumentException when there is neither one activation nor one per hidden layer, or not one
     *     bias flag per weight layer
     */
    public Fixture {
        layers = layers.clone();
        activations = List.copyOf(activations);
        biases = biases.clone();
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        if (activations.size() != 1 && activations.size() != layers.length - 2) {
            throw new IllegalArgumentException(activations.size() + " activations for " + (layers.length - 2)
                    + " hidden layers");
        }
        if (biases.length != layers.length - 1) {
            throw new IllegalArgumentException(biases.length + " biases for " + (layers.length - 1) + " layers");
        }
    }

    /**
     * One activation for every hidden layer, a bias in every layer: every fixture before format 1.2.
     *
     * @param source the file (or bundled resource) the fixture came from
     * @param name the fixture's name, as reports head it
     * @param description what the fixture is for, in a sentence
     * @param dtype the dtype every value is rounded to and both sides compute in
     * @param layers the layer sizes, input first: {@code [in, hidden…, out]}
     * @param activation the activation of every hidden layer
     * @param loss the loss, with torch's default settings
     * @param l2 the coefficient of 0.5·l2·Σ_l ‖W_l‖²_F
     * @param inputs the inputs, N×in
     * @param targets the targets of the N samples
     * @param params W1, b1, … by name
     * @param tolerance the tolerance every pair is held to
     * @param training the training run to compare, or null
     * @param expected what PyTorch computed, or null
     */
    public Fixture(String source, String name, String description, DType dtype, int[] layers, Activation activation,
            Loss loss, double l2, Tensor inputs, Targets targets, Map<String, Tensor> params, Tolerance tolerance,
            Training training, Expected expected) {
        this(source, name, description, dtype, layers, List.of(activation), allBiases(layers), loss,
                LossOptions.DEFAULTS, l2, inputs, targets, params, tolerance, training, expected);
    }

    private static boolean[] allBiases(int[] layers) {
        boolean[] all = new boolean[layers.length - 1];
        Arrays.fill(all, true);
        return all;
    }

    /**
     * The layer sizes, input first: {@code [in, hidden…, out]}.
     *
     * @return a copy
     */
    @Override
    public int[] layers() {
        return layers.clone();
    }

    /**
     * Whether each weight layer, 1 to depth in order, adds a bias.
     *
     * @return a copy
     */
    @Override
    public boolean[] biases() {
        return biases.clone();
    }

    /**
     * The activation of hidden layer {@code layer}, 1 to depth - 1.
     *
     * @param layer the hidden layer, 1 to depth - 1
     * @return its activation
     * @throws IllegalArgumentException when there is no such hidden layer
     */
    public Activation activation(int layer) {
        if (layer < 1 || layer >= depth()) {
            throw new IllegalArgumentException("no hidden layer " + layer + " in a network of depth " + depth());
        }
        return activations.size() == 1 ? activations.get(0) : activations.get(layer - 1);
    }

    /**
     * The one activation of every hidden layer.
     *
     * @return the activation every hidden layer shares
     * @throws IllegalStateException when the hidden layers have different ones: ask {@link #activation(int)}
     */
    public Activation activation() {
        if (activations.stream().distinct().count() > 1) {
            throw new IllegalStateException(name + " has an activation per layer (" + activationText()
                    + "): ask activation(layer)");
        }
        return activations.get(0);
    }

    /**
     * The activations as a fixture writes them, for messages: {@code relu}, or {@code relu, tanh}.
     *
     * @return the activations' names, joined by {@code ", "}
     */
    public String activationText() {
        return String.join(", ", activations.stream().map(Activation::jsonName).toList());
    }

    /**
     * Whether layer {@code layer}, 1 to depth, adds a bias b_layer.
     *
     * @param layer the weight layer, 1 to depth
     * @return true when z_layer has its {@code + b_layer}
     */
    public boolean hasBias(int layer) {
        return biases[layer - 1];
    }

    /**
     * Number of weight layers: {@code layers.length - 1}.
     *
     * @return the depth, the number of weight matrices
     */
    public int depth() {
        return layers.length - 1;
    }

    /**
     * Number of samples N: the rows of {@link #inputs()}.
     *
     * @return N
     */
    public int samples() {
        return inputs.shape()[0];
    }

    /**
     * W_layer, of shape out×in.
     *
     * @param layer the weight layer, 1 to depth
     * @return the weight
     */
    public Tensor weight(int layer) {
        return params.get(weightName(layer));
    }

    /**
     * b_layer, or null for a layer without bias.
     *
     * @param layer the weight layer, 1 to depth
     * @return the bias, a vector of out values, or null
     */
    public Tensor bias(int layer) {
        return params.get(biasName(layer));
    }

    /**
     * The name of W_layer, as {@link #params()} keys it: {@code W1}.
     *
     * @param layer the weight layer, 1 to depth
     * @return {@code W} and the layer
     */
    public static String weightName(int layer) {
        return "W" + layer;
    }

    /**
     * The name of b_layer, as {@link #params()} keys it: {@code b1}.
     *
     * @param layer the weight layer, 1 to depth
     * @return {@code b} and the layer
     */
    public static String biasName(int layer) {
        return "b" + layer;
    }

    /**
     * The name of the gradient of a parameter: {@code W1 -> dW1}.
     *
     * @param parameter a parameter's name, {@code W1} or {@code b1}
     * @return the name of its gradient, {@code d} and the parameter's name
     */
    public static String gradientName(String parameter) {
        return "d" + parameter;
    }

    /**
     * Parameter names in layer order: W1, b1, W2, b2, …, without the b of a layer that has no bias.
     *
     * @return the names, as {@link #params()} keys them
     */
    public List<String> parameterNames() {
        List<String> names = new ArrayList<>();
        for (int l = 1; l <= depth(); l++) {
            names.add(weightName(l));
            if (hasBias(l)) {
                names.add(biasName(l));
            }
        }
        return names;
    }

    /**
     * The same network computed in another dtype, from the same (already rounded) values, with that
     * dtype's default tolerance: the float64 twin of a float32 fixture measures what float32 costs.
     * Recorded values, computed in the fixture's own dtype, are dropped.
     *
     * @param newDtype the dtype to compute in
     * @return the fixture in that dtype
     */
    public Fixture withDtype(DType newDtype) {
        return copy().dtype(newDtype).tolerance(newDtype.defaultTolerance()).expected(null).build();
    }

    /**
     * A copy with another training block (or none); a recorded training run is dropped with the block it
     * was recorded for, the recorded loss and gradients kept.
     *
     * @param newTraining the training block, or null for none
     * @return the copy
     */
    public Fixture withTraining(Training newTraining) {
        Expected kept = expected == null || java.util.Objects.equals(newTraining, training)
                ? expected : expected.withoutTraining();
        return copy().training(newTraining).expected(kept).build();
    }

    /**
     * A copy held to another tolerance (a stated one rules every pair, float32's rounding bound included).
     *
     * @param newTolerance the tolerance
     * @return the copy
     */
    public Fixture withTolerance(Tolerance newTolerance) {
        return copy().tolerance(newTolerance).build();
    }

    /**
     * A copy with other recorded values (or none).
     *
     * @param newExpected the recorded values, or null for none
     * @return the copy
     */
    public Fixture withExpected(Expected newExpected) {
        return copy().expected(newExpected).build();
    }

    /**
     * The same network at other parameters, keyed W1, b1, … as {@link #params()}: where a training run
     * has got to, to compare both sides' gradients there. The values are taken as they are (already in
     * the dtype); recorded values, which belong to the fixture's own parameters, are dropped.
     *
     * @param newParams every parameter of the network, by name
     * @return the network at those parameters
     */
    public Fixture withParams(Map<String, Tensor> newParams) {
        return copy().params(newParams).expected(null).build();
    }

    /**
     * The same network on some of its samples, {@code rows} in that order (a row may repeat): a training
     * step's mini-batch, whose loss is the mean over these rows plus the L2 term. Its name says so, e.g.
     * {@code adam-minibatch (batch of 4 rows from row 0)}, so that it is not taken for the whole fixture.
     * Recorded values, which belong to all the samples, are dropped.
     *
     * @param rows indices of samples, 0 to N - 1
     * @return the fixture on those rows
     */
    public Fixture batch(int[] rows) {
        double[][] allInputs = inputs.rows();
        double[][] batchInputs = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            batchInputs[i] = allInputs[rows[i]];
        }
        Targets batchTargets;
        if (targets instanceof Targets.ClassLabels labels) {
            int[] all = labels.labels();
            int[] picked = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                picked[i] = all[rows[i]];
            }
            batchTargets = new Targets.ClassLabels(picked);
        } else {
            double[][] all = ((Targets.Values) targets).values().rows();
            double[][] picked = new double[rows.length][];
            for (int i = 0; i < rows.length; i++) {
                picked[i] = all[rows[i]];
            }
            batchTargets = new Targets.Values(Tensor.matrix(picked));
        }
        String batchName = name + " (batch of " + rows.length + " rows from row " + (rows.length == 0 ? 0 : rows[0]) + ")";
        return copy().name(batchName).inputs(Tensor.matrix(batchInputs)).targets(batchTargets).expected(null).build();
    }

    /**
     * Number of parameters, Σ_l out_l·(in_l + 1), without the + 1 of a layer that has no bias.
     *
     * @return the count
     */
    public long parameterCount() {
        long count = 0;
        for (int l = 1; l < layers.length; l++) {
            count += (long) layers[l] * (layers[l - 1] + (hasBias(l) ? 1 : 0));
        }
        return count;
    }

    @Override
    public String toString() {
        return "Fixture[" + name + " " + Arrays.toString(layers) + " " + dtype.jsonName() + "]";
    }

    /**
     * A builder that starts from this fixture's values: a copy with some of them changed, by name.
     *
     * @return a builder holding this fixture's values
     */
    public Builder copy() {
        return new Builder(this);
    }

    /** A fixture's values by name, for a copy that changes some of them; {@link #build} validates nothing. */
    public static final class Builder {
        private String source;
        private String name;
        private String description;
        private DType dtype;
        private int[] layers;
        private List<Activation> activations;
        private boolean[] biases;
        private Loss loss;
        private LossOptions lossOptions;
        private double l2;
        private Tensor inputs;
        private Targets targets;
        private Map<String, Tensor> params;
        private Tolerance tolerance;
        private Training training;
        private Expected expected;

        private Builder(Fixture fixture) {
            source = fixture.source;
            name = fixture.name;
            description = fixture.description;
            dtype = fixture.dtype;
            layers = fixture.layers;
            activations = fixture.activations;
            biases = fixture.biases;
            loss = fixture.loss;
            lossOptions = fixture.lossOptions;
            l2 = fixture.l2;
            inputs = fixture.inputs;
            targets = fixture.targets;
            params = fixture.params;
            tolerance = fixture.tolerance;
            training = fixture.training;
            expected = fixture.expected;
        }

        /**
         * Sets the name.
         *
         * @param value the name
         * @return this builder
         */
        public Builder name(String value) {
            name = value;
            return this;
        }

        /**
         * Sets the dtype; the values are kept as they are.
         *
         * @param value the dtype
         * @return this builder
         */
        public Builder dtype(DType value) {
            dtype = value;
            return this;
        }

        /**
         * The loss and its settings together, since the settings belong to the loss.
         *
         * @param value the loss
         * @param options its settings
         * @return this builder
         */
        public Builder loss(Loss value, LossOptions options) {
            loss = value;
            lossOptions = options;
            return this;
        }

        /**
         * Sets the inputs.
         *
         * @param value the inputs, N×in
         * @return this builder
         */
        public Builder inputs(Tensor value) {
            inputs = value;
            return this;
        }

        /**
         * Sets the targets.
         *
         * @param value the targets of the N samples
         * @return this builder
         */
        public Builder targets(Targets value) {
            targets = value;
            return this;
        }

        /**
         * Sets the parameters.
         *
         * @param value W1, b1, … by name
         * @return this builder
         */
        public Builder params(Map<String, Tensor> value) {
            params = value;
            return this;
        }

        /**
         * Sets the tolerance.
         *
         * @param value the tolerance
         * @return this builder
         */
        public Builder tolerance(Tolerance value) {
            tolerance = value;
            return this;
        }

        /**
         * Sets the training block.
         *
         * @param value the training block, or null for none
         * @return this builder
         */
        public Builder training(Training value) {
            training = value;
            return this;
        }

        /**
         * Sets the recorded values.
         *
         * @param value the recorded values, or null for none
         * @return this builder
         */
        public Builder expected(Expected value) {
            expected = value;
            return this;
        }

        /**
         * The fixture of these values, through the record's constructor and its checks only.
         *
         * @return the fixture
         */
        public Fixture build() {
            return new Fixture(source, name, description, dtype, layers, activations, biases, loss, lossOptions, l2,
                    inputs, targets, params, tolerance, training, expected);
        }
    }
}
