package parity.compare;

import java.util.Map;
import parity.api.LossAndGradients;
import parity.api.Tensor;
import parity.api.Trajectory;

/**
 * A float32 fixture must be computed in float32: every number a side returns must be a float32 value,
 * {@code (double) (float) v == v}. The float32 tolerance is wide enough to let a side that quietly
 * computes in float64 pass the comparison, so this is checked on its own.
 */
final class Float32Values {

    private Float32Values() {
    }

    static void require(LossAndGradients result) {
        require("loss", Tensor.scalar(result.loss()));
        result.gradients().forEach(Float32Values::require);
        result.forward().forEach(Float32Values::require);
    }

    static void require(Trajectory trajectory) {
        for (int k = 0; k < trajectory.losses().size(); k++) {
            require("training loss " + k, Tensor.scalar(trajectory.losses().get(k)));
            for (Map.Entry<String, Tensor> param : trajectory.params().get(k).entrySet()) {
                require(param.getKey() + " after step " + k, param.getValue());
            }
        }
    }

    private static void require(String name, Tensor tensor) {
        for (int i = 0; i < tensor.size(); i++) {
            double value = tensor.get(i);
            if (Double.isFinite(value) && (double) (float) value != value) {
                throw new IllegalStateException(name + tensor.indexText(i) + " = " + value
                        + " is not a float32 value, though the fixture's dtype is float32");
            }
        }
    }
}
