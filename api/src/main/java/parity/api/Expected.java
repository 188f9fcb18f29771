package parity.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fixture's optional {@code expected} block (format 1.1): what PyTorch itself (Python: torch.nn,
 * F.cross_entropy or F.mse_loss, torch.optim) computed for the fixture, recorded by
 * {@code tools/record-expected.py}, in the shape {@code ./parity gradients} and {@code ./parity train}
 * print. The gate compares both sides with it as with any other implementation.
 *
 * @param source where the values came from, e.g. {@code torch 1.13.0a0, python 3.11.2}
 * @param gradients dW1, db1, … at the fixture's parameters
 * @param losses with a training block: the loss before each step and after the last (steps + 1);
 *     otherwise empty
 * @param params with a training block: the parameters after the last step, W1, b1, …; otherwise empty
 */
public record Expected(String source, double loss, Map<String, Tensor> gradients, List<Double> losses,
        Map<String, Tensor> params) {

    /** The fixture format that brought the block. */
    public static final String VERSION = "1.1";

    /**
     * Copies the maps and the list, so that they cannot change under their holder.
     *
     * @param source where the values came from
     * @param loss the total loss J at the fixture's parameters
     * @param gradients dW1, db1, … at the fixture's parameters
     * @param losses the recorded run's losses, or empty
     * @param params the parameters after the recorded run's last step, or empty
     */
    public Expected {
        gradients = Collections.unmodifiableMap(new LinkedHashMap<>(gradients));
        losses = List.copyOf(losses);
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /**
     * Whether a training run was recorded.
     *
     * @return true when there are losses of a training run
     */
    public boolean hasTraining() {
        return !losses.isEmpty();
    }

    /**
     * The recorded loss and gradients without the training run.
     *
     * @return the copy
     */
    public Expected withoutTraining() {
        return new Expected(source, loss, gradients, List.of(), Map.of());
    }

    /**
     * The recorded loss and gradients, as an implementation returns them (no forward intermediates).
     *
     * @return the loss and gradients
     */
    public LossAndGradients lossAndGradients() {
        return new LossAndGradients(loss, gradients);
    }

    /**
     * The recorded training run as a {@link Trajectory}: every step's loss, and the parameters after the
     * last step only (the steps before carry none, so only their losses are compared).
     *
     * @return the run
     * @throws IllegalStateException when nothing of a training run was recorded
     */
    public Trajectory trajectory() {
        if (losses.isEmpty()) {
            throw new IllegalStateException("no training run recorded");
        }
        List<Map<String, Tensor>> steps = new ArrayList<>();
        for (int k = 0; k < losses.size() - 1; k++) {
            steps.add(Map.of());
        }
        steps.add(params);
        return new Trajectory(losses, steps);
    }
}
