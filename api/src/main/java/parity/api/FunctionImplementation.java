package parity.api;

import java.util.function.Function;

/** {@link Implementation#of}: an implementation from a function, named for messages; it computes every fixture. */
class FunctionImplementation implements Implementation {

    private final String name;
    private final String description;
    private final Function<Fixture, LossAndGradients> gradients;

    FunctionImplementation(String name, String description, Function<Fixture, LossAndGradients> gradients) {
        this.name = name;
        this.description = description;
        this.gradients = gradients;
    }

    @Override
    public LossAndGradients lossAndGradients(Fixture fixture) {
        return gradients.apply(fixture);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public boolean supports(Fixture fixture) {
        return true;
    }

    @Override
    public String toString() {
        return name;
    }

    /** {@link Trainable#of}: the same, with a function that trains. */
    static final class Training extends FunctionImplementation implements Trainable {

        private final Function<Fixture, Trajectory> training;

        Training(String name, String description, Function<Fixture, LossAndGradients> gradients,
                Function<Fixture, Trajectory> training) {
            super(name, description, gradients);
            this.training = training;
        }

        @Override
        public Trajectory train(Fixture fixture) {
            return training.apply(fixture);
        }

        @Override
        public boolean trains(Fixture fixture) {
            return true;
        }
    }
}
