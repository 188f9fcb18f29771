package parity.junit;

import java.util.LinkedHashMap;
import java.util.Map;
import parity.api.Implementation;
import parity.api.LossAndGradients;
import parity.api.Tensor;
import parity.compare.Implementations;

/** Networks for testing the API: PyTorch's own numbers, right or with one gradient deliberately wrong. */
final class Candidates {

    private Candidates() {
    }

    /** The reference's values under another name: a network that is right by construction. */
    static Implementation right() {
        return new Implementation() {
            @Override
            public LossAndGradients lossAndGradients(parity.api.Fixture fixture) {
                return Implementations.REFERENCE.lossAndGradients(fixture);
            }

            @Override
            public boolean supports(parity.api.Fixture fixture) {
                return fixture.dtype() == parity.api.DType.FLOAT64;
            }
        };
    }

    /** The same with {@code gradient} multiplied by {@code factor}: the kind of bug the gate exists for. */
    static Implementation scaled(String gradient, double factor) {
        return new Implementation() {
            @Override
            public LossAndGradients lossAndGradients(parity.api.Fixture fixture) {
                LossAndGradients right = Implementations.REFERENCE.lossAndGradients(fixture);
                Map<String, Tensor> wrong = new LinkedHashMap<>(right.gradients());
                double[] values = wrong.get(gradient).data();
                for (int i = 0; i < values.length; i++) {
                    values[i] *= factor;
                }
                wrong.put(gradient, new Tensor(right.gradients().get(gradient).shape(), values));
                return right.withGradients(wrong);
            }

            @Override
            public String name() {
                return "mine";
            }

            @Override
            public boolean supports(parity.api.Fixture fixture) {
                return fixture.dtype() == parity.api.DType.FLOAT64;
            }

            @Override
            public String description() {
                return "reference with " + gradient + "·" + factor;
            }
        };
    }
}
