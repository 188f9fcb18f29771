package parity.compare;

import java.util.function.Function;
import parity.core.network.HandwrittenNetwork;
import parity.core.network.SgdTraining;
import parity.fixtures.Fixture;
import parity.fixtures.LossAndGradients;
import parity.fixtures.Trajectory;
import parity.numeric.CentralDifferences;
import parity.reference.AutogradNetwork;

/** Something that computes a fixture's loss and gradients, and perhaps trains it. */
public interface Implementation {

    /** Short name used in tables, messages and on the command line: {@code core}, {@code reference}. */
    String name();

    /** What it is, for messages and reports. */
    String description();

    LossAndGradients lossAndGradients(Fixture fixture);

    /** Runs the fixture's training block. */
    Trajectory train(Fixture fixture);

    /** The hand-written backprop on ND4J: the implementation under test. */
    Implementation CORE = of("core", "hand-written backprop on ND4J",
            fixture -> new HandwrittenNetwork(fixture).lossAndGradients(), SgdTraining::run);

    /** PyTorch autograd through DJL: the reference every core comparison is relative to. */
    Implementation REFERENCE = of("reference", "PyTorch autograd via DJL",
            fixture -> new AutogradNetwork(fixture).lossAndGradients(), fixture -> new AutogradNetwork(fixture).train());

    /**
     * Central finite differences of a plain-Java float64 loss, every element estimated (the gate samples
     * large fixtures; this does not); an element skipped at a ReLU kink is NaN.
     */
    Implementation NUMERIC = of("numeric", "central finite differences in float64",
            fixture -> new CentralDifferences(fixture, false).gradients().values(), null);

    static Implementation of(String name, String description, Function<Fixture, LossAndGradients> gradients,
            Function<Fixture, Trajectory> training) {
        return new Implementation() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public LossAndGradients lossAndGradients(Fixture fixture) {
                return gradients.apply(fixture);
            }

            @Override
            public Trajectory train(Fixture fixture) {
                if (training == null) {
                    throw new UnsupportedOperationException(name + " does not train");
                }
                return training.apply(fixture);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
