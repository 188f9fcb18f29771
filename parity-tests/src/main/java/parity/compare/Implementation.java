package parity.compare;

import parity.core.network.HandwrittenNetwork;
import parity.fixtures.Fixture;
import parity.fixtures.LossAndGradients;
import parity.reference.AutogradNetwork;

/** Something that computes a fixture's loss and gradients. */
public interface Implementation {

    /** Short name used in tables and on the command line: {@code core}, {@code reference}. */
    String name();

    /** What it is, for messages and reports. */
    String description();

    LossAndGradients lossAndGradients(Fixture fixture);

    /** The hand-written backprop on ND4J: the implementation under test. */
    Implementation CORE = of("core", "hand-written backprop on ND4J",
            fixture -> new HandwrittenNetwork(fixture).lossAndGradients());

    /** PyTorch autograd through DJL: the reference every comparison is relative to. */
    Implementation REFERENCE = of("reference", "PyTorch autograd via DJL",
            fixture -> new AutogradNetwork(fixture).lossAndGradients());

    static Implementation of(String name, String description,
            java.util.function.Function<Fixture, LossAndGradients> compute) {
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
                return compute.apply(fixture);
            }
        };
    }
}
