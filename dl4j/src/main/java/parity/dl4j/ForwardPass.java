package parity.dl4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import parity.api.Fixture;
import parity.api.Loss;
import parity.api.LossAndGradients;
import parity.api.Tensor;

/**
 * The forward intermediates of DL4J's own forward pass, {@code feedForward(input, false)}: z_l as each layer
 * handed it to its activation ({@link RecordingActivation}), a_l as DL4J returns it, and for cross-entropy the
 * output layer's softmax. Run on a copy of the network, whose activations record.
 */
final class ForwardPass {

    private ForwardPass() {
    }

    /** z1, a1, …, zL and, for cross-entropy, softmax, named as the gate names them. */
    static Map<String, Tensor> of(MultiLayerNetwork network, Fixture fixture) {
        MultiLayerNetwork copy = network.clone();
        List<RecordingActivation> recorders = new ArrayList<>();
        for (int i = 0; i < copy.getnLayers(); i++) {
            BaseLayer layer = (BaseLayer) copy.getLayer(i).conf().getLayer();
            RecordingActivation recorder = new RecordingActivation(layer.getActivationFn());
            layer.setActivationFn(recorder);
            recorders.add(recorder);
        }
        List<INDArray> activations = copy.feedForward(Dl4jArrays.inputs(fixture), false);
        Map<String, Tensor> forward = new LinkedHashMap<>();
        for (int l = 1; l <= fixture.depth(); l++) {
            forward.put(LossAndGradients.preActivationName(l), Dl4jArrays.matrix(recorders.get(l - 1).lastInput()));
            if (l < fixture.depth()) {
                forward.put(LossAndGradients.activationName(l), Dl4jArrays.matrix(activations.get(l)));
            }
        }
        if (fixture.loss() == Loss.BuiltIn.SOFTMAX_CROSS_ENTROPY) {
            forward.put(LossAndGradients.SOFTMAX, Dl4jArrays.matrix(activations.get(fixture.depth())));
        }
        return forward;
    }
}
