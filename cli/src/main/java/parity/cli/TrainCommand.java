package parity.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import parity.api.Fixture;
import parity.api.Implementation;
import parity.api.Trainable;
import parity.oracle.FiniteDifferences;
import parity.report.TrajectoryJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs a fixture's training block with one implementation and prints the losses and final parameters. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Print {\"losses\": [l0, l1, ...], \"params\": {\"W1\": ...}}: the loss over all samples before "
                + "each step of the fixture's optimiser (sgd, adam, adamw) and after the last, and the parameters after "
                + "the last step.")
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--impl", required = true, paramLabel = "NAME", converter = ImplementationConverter.class,
            completionCandidates = ImplementationConverter.Names.class,
            description = "An implementation that trains: core (hand-written, ND4J) or reference (PyTorch autograd).")
    private Implementation impl;

    @CommandLine.Mixin
    private FixtureArgument fixtureArgument;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (impl instanceof FiniteDifferences) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--impl numeric cannot train: finite differences estimate gradients only");
        }
        if (!(impl instanceof Trainable trainable)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--impl " + impl.name() + " cannot train");
        }
        Fixture fixture = fixtureArgument.read(spec.commandLine().getErr());
        if (fixture == null) {
            return ExitCode.BAD_INPUT;
        }
        if (fixture.training() == null) {
            spec.commandLine().getErr().println(fixtureArgument.file() + ": training: missing (train needs a training block)");
            return ExitCode.BAD_INPUT;
        }
        TrajectoryJson.write(trainable.train(fixture), spec.commandLine().getOut());
        return ExitCode.PASS;
    }
}
