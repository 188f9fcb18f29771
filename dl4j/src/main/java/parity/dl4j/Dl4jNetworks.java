package parity.dl4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import parity.api.Fixture;
import parity.api.Tensor;

/**
 * A fixture's network as a DL4J {@link MultiLayerNetwork} at the fixture's parameters: a {@code DenseLayer} per
 * hidden layer with its activation ({@link HiddenActivation}), an {@code OutputLayer} for the loss
 * ({@link OutputLoss}), {@code hasBias} as the fixture says, in the fixture's dtype, the fixture's λ as
 * {@code L2Regularization(λ)} on the weights only (what {@code .l2(λ)} sets: score 0.5·λ·Σ‖W‖², gradient λ·W;
 * {@code l2Bias} stays 0), and a training block's updater and weight decay ({@link TrainingRule}).
 *
 * <p>Layout: DL4J's layer l (0-based l - 1) keeps {@code W} as nIn×nOut, so that z = a·W + b, and {@code b} as a
 * 1×nOut row; the fixture's {@code W_l} is out×in, as {@code torch.nn.Linear}'s: it is loaded transposed, and
 * DL4J's weights and their gradients are read back transposed.
 *
 * <p>The protected methods are the adapter's own choices, one each, so that a test can break exactly one of them
 * and see the gate fail.
 */
class Dl4jNetworks {

    /** DL4J's name for layer {@code layer}'s (1-based) weight parameter in its flat tables: {@code 0_W}. */
    static String weightKey(int layer) {
        return (layer - 1) + "_" + DefaultParamInitializer.WEIGHT_KEY;
    }

    static String biasKey(int layer) {
        return (layer - 1) + "_" + DefaultParamInitializer.BIAS_KEY;
    }

    /** The network with only DL4J's 1/N and L2 between its backprop and its parameters: for the gradient. */
    MultiLayerNetwork network(Fixture fixture) {
        return network(fixture, TrainingRule.NONE);
    }

    MultiLayerNetwork network(Fixture fixture, TrainingRule rule) {
        List<Regularization> weights = new ArrayList<>(weightRegularization(fixture));
        weights.addAll(rule.weights());
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .dataType(Dl4jArrays.dataType(fixture.dtype()))
                .updater(rule.updater())
                .regularization(weights)
                .regularizationBias(new ArrayList<>(rule.biases()))
                // Overwritten by the fixture's parameters; zeros keep the unused draw out of DL4J's random stream.
                .weightInit(WeightInit.ZERO)
                .list();
        int[] sizes = fixture.layers();
        OutputLoss output = OutputLoss.of(fixture).orElseThrow(() ->
                new IllegalArgumentException(fixture.name() + ": " + OutputLoss.whyNot(fixture)));
        for (int l = 1; l < fixture.depth(); l++) {
            layers.layer(new DenseLayer.Builder().nIn(sizes[l - 1]).nOut(sizes[l]).hasBias(fixture.hasBias(l))
                    .activation(HiddenActivation.of(fixture.activation(l)).orElseThrow()).build());
        }
        int last = fixture.depth();
        layers.layer(new OutputLayer.Builder(output.loss()).nIn(sizes[last - 1]).nOut(sizes[last])
                .hasBias(fixture.hasBias(last)).activation(output.activation()).build());
        MultiLayerNetwork network = new MultiLayerNetwork(layers.build());
        network.init();
        load(network, fixture.params(), fixture);
        return network;
    }

    /** The fixture's λ on the weights: {@code L2Regularization(λ)}, as {@code .l2(λ)} sets it; none for λ = 0. */
    protected List<Regularization> weightRegularization(Fixture fixture) {
        return fixture.l2() > 0 ? List.of(new L2Regularization(fixture.l2())) : List.of();
    }

    /** Sets the network's parameters to {@code params} (W1, b1, … in the fixture's layout). */
    void load(MultiLayerNetwork network, Map<String, Tensor> params, Fixture fixture) {
        DataType dataType = Dl4jArrays.dataType(fixture.dtype());
        for (int l = 1; l <= fixture.depth(); l++) {
            network.setParam(weightKey(l), weight(params.get(Fixture.weightName(l)), dataType));
            if (fixture.hasBias(l)) {
                Tensor bias = params.get(Fixture.biasName(l));
                network.setParam(biasKey(l), Dl4jArrays.array(bias, dataType).reshape(1, bias.size()));
            }
        }
    }

    /** DL4J's nIn×nOut weight from the fixture's out×in W_l: its transpose. */
    protected INDArray weight(Tensor w, DataType dataType) {
        return Dl4jArrays.array(w, dataType).transpose();
    }

    /** The network's parameters in the fixture's names and layout: W_l out×in, b_l a vector. */
    static Map<String, Tensor> parameters(MultiLayerNetwork network, Fixture fixture) {
        Map<String, Tensor> params = new LinkedHashMap<>();
        for (int l = 1; l <= fixture.depth(); l++) {
            params.put(Fixture.weightName(l), Dl4jArrays.matrix(network.getParam(weightKey(l)).transpose()));
            if (fixture.hasBias(l)) {
                params.put(Fixture.biasName(l), Dl4jArrays.vector(network.getParam(biasKey(l))));
            }
        }
        return params;
    }
}
