package parity.core.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import parity.api.Activation;
import parity.api.DType;
import parity.api.Fixture;
import parity.api.Loss;
import parity.api.Optimizer;
import parity.api.Targets;
import parity.api.Tensor;
import parity.api.Training;
import parity.api.Trajectory;

/**
 * Core's training loop with plain SGD, θ ← θ - lr·dθ, on a network without a hidden layer, ŷ = w·x + b with
 * MSE and λ = 0.2, whose loss and gradient are worked out here by hand: the losses are recorded over all N
 * samples before each step and after the last, the parameters after each step, and with mini-batches step
 * k takes its gradient on rows (k·b + i) mod N only.
 */
class TrainingRunTest {

    private static final double[][] X = {{1, 2}, {0, -1}, {3, 1}};
    private static final double[] T = {1, 0, 2};
    private static final double L2 = 0.2;
    private static final double LR = 0.1;
    private static final int[] ALL_ROWS = {0, 1, 2};

    @Test
    void fullBatchStepsOnEverySample() {
        assertTrajectory(new int[][] {ALL_ROWS, ALL_ROWS}, TrainingRun.run(fixture(new Training(Optimizer.Sgd.PLAIN, LR, 2))));
    }

    /** b = 2 of N = 3: step 0 on rows 0, 1; step 1 on rows 2, 0. */
    @Test
    void miniBatchStepsOnItsRowsAndRecordsTheLossOverAll() {
        Training training = new Training(Optimizer.Sgd.PLAIN, LR, 2).withBatchSize(2);
        assertTrajectory(new int[][] {{0, 1}, {2, 0}}, TrainingRun.run(fixture(training)));
    }

    /** The trajectory from w = [0.5, -0.25], b = 0.1 taking step k's gradient on {@code batches[k]}. */
    private static void assertTrajectory(int[][] batches, Trajectory trajectory) {
        double[] theta = {0.5, -0.25, 0.1};
        assertEquals(batches.length, trajectory.steps());
        for (int k = 0; k <= batches.length; k++) {
            Map<String, Tensor> params = trajectory.params().get(k);
            assertArrayEquals(new double[] {theta[0], theta[1]}, params.get("W1").data(), 1e-15, "W1 after " + k);
            assertArrayEquals(new double[] {theta[2]}, params.get("b1").data(), 1e-15, "b1 after " + k);
            assertEquals(lossAndGradient(theta, ALL_ROWS)[0], trajectory.losses().get(k), 1e-15, "loss after " + k);
            if (k < batches.length) {
                double[] gradient = lossAndGradient(theta, batches[k]);
                for (int p = 0; p < theta.length; p++) {
                    theta[p] -= LR * gradient[p + 1];
                }
            }
        }
    }

    /**
     * With r_i = w·x_i + b - t_i over the n given rows: J = (1/n) Σ r_i² + 0.5·λ·‖w‖², dJ/dw = (2/n) Σ r_i·x_i
     * + λ·w, dJ/db = (2/n) Σ r_i. Returns {J, dJ/dw0, dJ/dw1, dJ/db}.
     */
    private static double[] lossAndGradient(double[] theta, int[] rows) {
        double n = rows.length;
        double[] result = {0.5 * L2 * (theta[0] * theta[0] + theta[1] * theta[1]), L2 * theta[0], L2 * theta[1], 0};
        for (int i : rows) {
            double r = theta[0] * X[i][0] + theta[1] * X[i][1] + theta[2] - T[i];
            result[0] += r * r / n;
            result[1] += 2 * r * X[i][0] / n;
            result[2] += 2 * r * X[i][1] / n;
            result[3] += 2 * r / n;
        }
        return result;
    }

    /** Layers 2-1: no hidden layer, so the activation is never applied. */
    private static Fixture fixture(Training training) {
        double[][] targets = {{T[0]}, {T[1]}, {T[2]}};
        Map<String, Tensor> params = Map.of(
                "W1", Tensor.matrix(new double[][] {{0.5, -0.25}}),
                "b1", Tensor.vector(0.1));
        return new Fixture("TrainingRunTest", "linear", "", DType.FLOAT64, new int[] {2, 1}, Activation.BuiltIn.TANH,
                Loss.BuiltIn.MSE, L2, Tensor.matrix(X), new Targets.Values(Tensor.matrix(targets)), params,
                DType.FLOAT64.defaultTolerance(), training, null);
    }
}
