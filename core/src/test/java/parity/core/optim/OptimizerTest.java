package parity.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import parity.api.Training;
import parity.core.optim.Optimizer;

/**
 * Core's optimisers on one parameter, two steps, against torch.optim's rules worked out by hand here:
 * the momentum buffer's first step (no dampening), Nesterov's look-ahead, coupled and decoupled weight
 * decay, and Adam's bias corrections with ε outside the root.
 */
class OptimizerTest {

    /** θ0 = 1, gradients 2 then 4. buf = 2, θ1 = 1 - 0.1·2; buf = 0.9·2 + (1 - 0.5)·4 = 3.8, θ2 = 0.8 - 0.38. */
    @Test
    void momentumDampsEveryStepButTheFirst() {
        Training sgd = new Training(new parity.api.Optimizer.Sgd(0.9, 0.5, false, 0), 0.1, 2);
        double[] theta = twoSteps(sgd, 2, 4);
        assertEquals(0.8, theta[0], 1e-15);
        assertEquals(0.42, theta[1], 1e-15);
    }

    /**
     * wd 0.1 added to the gradient: d = 2.1, buf = 2.1, step with 2.1 + 0.9·2.1 = 3.99, θ1 = 0.601; then
     * d = 4 + 0.0601, buf = 0.9·2.1 + 4.0601 = 5.9501, step with 4.0601 + 0.9·5.9501 = 9.41519.
     */
    @Test
    void nesterovLooksAheadWithCoupledDecay() {
        Training sgd = new Training(new parity.api.Optimizer.Sgd(0.9, 0, true, 0.1), 0.1, 2);
        double[] theta = twoSteps(sgd, 2, 4);
        assertEquals(0.601, theta[0], 1e-15);
        assertEquals(0.601 - 0.941519, theta[1], 1e-15);
    }

    /**
     * Step 1: m = 0.2, v = 0.004, θ1 = 1 - (0.1 / 0.1)·0.2 / (√0.004 / √0.001 + 1e-8) = 1 - 0.2 / (2 + 1e-8).
     * Step 2 (g = -1): m = 0.08, v = 0.004996, bias corrections 0.19 and 0.001999.
     */
    @Test
    void adamCorrectsBothMomentsAndAddsEpsOutsideTheRoot() {
        Training adam = new Training(parity.api.Optimizer.Adam.adam(), 0.1, 2);
        double[] theta = twoSteps(adam, 2, -1);
        double theta1 = 1 - 0.2 / (2 + 1e-8);
        assertEquals(theta1, theta[0], 1e-15);
        assertEquals(theta1 - (0.1 / 0.19) * 0.08 / (Math.sqrt(0.004996) / Math.sqrt(0.001999) + 1e-8), theta[1], 1e-15);
    }

    /** AdamW's decay 0.1 comes off the parameter first, θ·(1 - 0.1·0.1), and leaves the moments alone. */
    @Test
    void adamwDecaysTheParameterNotTheGradient() {
        Training adamw = new Training(new parity.api.Optimizer.Adam(0.9, 0.999, 1e-8, 0.1, false, true), 0.1, 1);
        assertEquals(0.99 - 0.2 / (2 + 1e-8), twoSteps(adamw, 2, 0)[0], 1e-15);
    }

    /** Adam's decay 0.1 joins the gradient: d = 2.1, and the first step is lr·d / (|d| + ε). */
    @Test
    void adamDecaysTheGradient() {
        Training adam = new Training(new parity.api.Optimizer.Adam(0.9, 0.999, 1e-8, 0.1, false, false), 0.1, 1);
        assertEquals(1 - 0.1 * 2.1 / (2.1 + 1e-8), twoSteps(adam, 2, 0)[0], 1e-15);
    }

    /** θ after one and after two steps from θ0 = 1, with these two gradients. */
    private static double[] twoSteps(Training training, double first, double second) {
        Optimizer optimizer = Optimizer.of(training);
        Map<String, INDArray> theta = Map.of("W1", Nd4j.createFromArray(1.0));
        theta = optimizer.step(theta, gradient(first));
        double after1 = theta.get("W1").getDouble(0);
        theta = optimizer.step(theta, gradient(second));
        return new double[] {after1, theta.get("W1").getDouble(0)};
    }

    private static Map<String, INDArray> gradient(double value) {
        Map<String, INDArray> gradients = new LinkedHashMap<>();
        gradients.put("dW1", Nd4j.createFromArray(value));
        return gradients;
    }
}
