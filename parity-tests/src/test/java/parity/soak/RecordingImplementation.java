package parity.soak;

import java.util.HashMap;
import java.util.Map;
import parity.api.Fixture;
import parity.api.LossAndGradients;
import parity.api.Trainable;
import parity.api.Trajectory;

/**
 * A {@link Trainable} that passes every call to another and keeps what came back, per fixture name, so
 * that a soak can compare one pass's raw results with an earlier pass's, bit for bit. It changes
 * nothing the gate sees: same name, description, support and results.
 */
final class RecordingImplementation implements Trainable {

    private final Trainable delegate;
    private final Map<String, LossAndGradients> results = new HashMap<>();
    private final Map<String, Trajectory> trainings = new HashMap<>();

    RecordingImplementation(Trainable delegate) {
        this.delegate = delegate;
    }

    @Override
    public LossAndGradients lossAndGradients(Fixture fixture) {
        LossAndGradients result = delegate.lossAndGradients(fixture);
        results.put(fixture.name(), result);
        return result;
    }

    @Override
    public Trajectory train(Fixture fixture) {
        Trajectory trajectory = delegate.train(fixture);
        trainings.put(fixture.name(), trajectory);
        return trajectory;
    }

    /** What the last calls on this fixture returned; null when it was not computed. */
    Outputs last(String fixture) {
        LossAndGradients result = results.get(fixture);
        return result == null ? null : Outputs.of(result, trainings.get(fixture));
    }

    /** Forgets the last results, so that a fixture that fails before computing is not compared stale. */
    void clear() {
        results.clear();
        trainings.clear();
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public String description() {
        return delegate.description();
    }

    @Override
    public boolean supports(Fixture fixture) {
        return delegate.supports(fixture);
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
