package parity.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import parity.compare.Implementation;
import parity.fixtures.Fixture;
import parity.fixtures.FixtureReader;
import parity.fixtures.InvalidFixtureException;
import parity.report.TrajectoryJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs a fixture's training block with one implementation and prints the losses and final parameters. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Print {\"losses\": [l0, l1, ...], \"params\": {\"W1\": ...}}: the loss before each SGD "
                + "step and after the last, and the parameters after the last step.")
final class TrainCommand implements Callable<Integer> {

    enum Impl {
        core(Implementation.CORE),
        reference(Implementation.REFERENCE);

        final Implementation implementation;

        Impl(Implementation implementation) {
            this.implementation = implementation;
        }
    }

    @Option(names = "--impl", required = true, paramLabel = "core|reference",
            description = "core (hand-written, ND4J) or reference (PyTorch autograd).")
    private Impl impl;

    @Parameters(paramLabel = "FIXTURE.json", arity = "1")
    private java.nio.file.Path fixtureFile;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Fixture fixture;
        try {
            fixture = new FixtureReader().read(fixtureFile);
        } catch (InvalidFixtureException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return ExitCode.BAD_INPUT;
        }
        if (fixture.training() == null) {
            spec.commandLine().getErr().println(fixtureFile + ": training: missing (train needs a training block)");
            return ExitCode.BAD_INPUT;
        }
        TrajectoryJson.write(impl.implementation.train(fixture), spec.commandLine().getOut());
        return ExitCode.PASS;
    }
}
