package example;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import parity.api.Fixture;
import parity.api.LossAndGradients;
import parity.api.Supports;
import parity.api.Targets;
import parity.api.Tensor;
import parity.api.Trainable;
import parity.api.Trajectory;

/** The gate's view of {@link Mlp}: a fixture in, the loss and the named gradients out. */
class MlpParity implements Trainable {

    @Override
    public String name() {
        return "mlp";
    }

    @Override
    public String description() {
        return "hand-written backprop on double[][]";
    }

    /**
     * Mlp computes in double, with one of four activations in every hidden layer, a bias in every layer, and
     * cross-entropy or mean squared error with torch's defaults, or its own log-cosh.
     */
    @Override
    public boolean supports(Fixture fixture) {
        return Supports.float64().activations("sigmoid", "tanh", "relu", "swish")
                .losses("softmax_cross_entropy", "mse", "log_cosh").test(fixture);
    }

    @Override
    public LossAndGradients lossAndGradients(Fixture fixture) {
        return named(run(fixture, network(fixture)));
    }

    /** Plain SGD: the loss and parameters before every step, and after the last. */
    @Override
    public Trajectory train(Fixture fixture) {
        Mlp network = network(fixture);
        List<Double> losses = new ArrayList<>();
        List<Map<String, Tensor>> params = new ArrayList<>();
        for (int step = 0; step <= fixture.training().steps(); step++) {
            Mlp.Result result = run(fixture, network);
            losses.add(result.loss());
            Map<String, Tensor> now = new LinkedHashMap<>();
            for (int l = 1; l <= fixture.depth(); l++) {
                now.put("W" + l, Tensor.matrix(network.weights()[l - 1]));
                now.put("b" + l, Tensor.vector(network.biases()[l - 1]));
            }
            params.add(now);
            network.step(result, fixture.training().learningRate());
        }
        return new Trajectory(losses, params);
    }

    private static Mlp network(Fixture fixture) {
        double[][][] w = new double[fixture.depth()][][];
        double[][] b = new double[fixture.depth()][];
        for (int l = 1; l <= fixture.depth(); l++) {
            w[l - 1] = fixture.weight(l).rows();
            b[l - 1] = fixture.bias(l).data();
        }
        return new Mlp(fixture.activation().jsonName(), fixture.loss().jsonName(), fixture.l2(), w, b);
    }

    private static Mlp.Result run(Fixture fixture, Mlp network) {
        double[][] x = fixture.inputs().rows();
        if (fixture.targets() instanceof Targets.ClassLabels labels) {
            return network.lossAndGradients(x, labels.labels());
        }
        return network.lossAndGradients(x, ((Targets.Values) fixture.targets()).values().rows());
    }

    /** dW1, db1, … and, for diagnosis, the forward pass: z1, a1, …, zL, softmax. */
    private static LossAndGradients named(Mlp.Result result) {
        Map<String, Tensor> gradients = new LinkedHashMap<>();
        Map<String, Tensor> forward = new LinkedHashMap<>();
        int depth = result.dW().length;
        for (int l = 1; l <= depth; l++) {
            gradients.put("dW" + l, Tensor.matrix(result.dW()[l - 1]));
            gradients.put("db" + l, Tensor.vector(result.db()[l - 1]));
            forward.put("z" + l, Tensor.matrix(result.z()[l]));
            if (l < depth) {
                forward.put("a" + l, Tensor.matrix(result.a()[l]));
            }
        }
        if (result.softmax() != null) {
            forward.put("softmax", Tensor.matrix(result.softmax()));
        }
        return new LossAndGradients(result.loss(), gradients, forward);
    }
}
