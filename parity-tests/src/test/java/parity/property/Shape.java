package parity.property;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import parity.api.DType;
import parity.api.Fixture;
import parity.api.Loss;

/**
 * A random fixture without its values: what decides how many values there are, and the loss's settings
 * (cross-entropy's label smoothing, 0 for none, and class weights, empty for none).
 */
record Shape(List<Integer> layers, String activation, Loss.BuiltIn loss, DType dtype, double l2, int samples,
             double labelSmoothing, List<Double> classWeights) {

    int parameterCount() {
        int count = 0;
        for (int l = 1; l < layers.size(); l++) {
            count += layers.get(l) * (layers.get(l - 1) + 1);
        }
        return count;
    }

    int inputSize() {
        return layers.get(0);
    }

    int outputSize() {
        return layers.get(layers.size() - 1);
    }

    /** The fixture file's keys before the values, in the order a person would write them. */
    Map<String, Object> json() {
        Map<String, Object> fixture = new LinkedHashMap<>();
        boolean options = loss == Loss.BuiltIn.SOFTMAX_CROSS_ENTROPY && (labelSmoothing > 0 || !classWeights.isEmpty());
        if (loss == Loss.BuiltIn.HUBER || loss == Loss.BuiltIn.BCE_WITH_LOGITS || loss == Loss.BuiltIn.L1 || options) {
            // A loss of format 1.2: the fixture says so; the others keep the format they had.
            fixture.put("version", Fixture.PER_LAYER_VERSION);
        }
        fixture.put("name", "random");
        fixture.put("dtype", dtype.jsonName());
        fixture.put("layers", layers);
        fixture.put("activation", activation);
        if (options) {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("name", loss.jsonName());
            if (labelSmoothing > 0) {
                object.put("labelSmoothing", labelSmoothing);
            }
            if (!classWeights.isEmpty()) {
                object.put("classWeights", classWeights);
            }
            fixture.put("loss", object);
        } else {
            fixture.put("loss", loss.jsonName());
        }
        fixture.put("l2", l2);
        return fixture;
    }
}
