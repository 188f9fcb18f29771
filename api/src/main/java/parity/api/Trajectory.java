package parity.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A training run as each implementation reports it: {@code losses.get(k)} is the loss before step k+1
 * (so {@code losses.get(0)} is at the fixture's parameters and the last one is after the last step),
 * and {@code params.get(k)} the parameters after k steps, keyed W1, b1, … Both lists have steps + 1 entries.
 */
public record Trajectory(List<Double> losses, List<Map<String, Tensor>> params) {

    /**
     * Copies the list and each step's map, so that they cannot change under their holder.
     *
     * @param losses the loss before each step and after the last: steps + 1 of them
     * @param params the parameters after 0, 1, …, steps steps
     */
    public Trajectory {
        losses = List.copyOf(losses);
        List<Map<String, Tensor>> copies = new ArrayList<>();
        for (Map<String, Tensor> step : params) {
            copies.add(Collections.unmodifiableMap(new LinkedHashMap<>(step)));
        }
        params = Collections.unmodifiableList(copies);
    }

    /**
     * Number of steps taken: one fewer than the losses.
     *
     * @return the steps
     */
    public int steps() {
        return losses.size() - 1;
    }

    /**
     * The parameters after the last step.
     *
     * @return W1, b1, … by name
     */
    public Map<String, Tensor> finalParams() {
        return params.get(params.size() - 1);
    }
}
