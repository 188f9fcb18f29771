package parity.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import parity.api.Fixture;
import parity.api.Implementation;
import parity.report.GradientsJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints one implementation's loss and gradients for a fixture as JSON. */
@Command(name = "gradients", mixinStandardHelpOptions = true,
        description = "Print {\"loss\": x, \"gradients\": {\"dW1\": [[...]], ...}} of one implementation.")
final class GradientsCommand implements Callable<Integer> {

    @Option(names = "--impl", required = true, paramLabel = "NAME", converter = ImplementationConverter.class,
            completionCandidates = ImplementationConverter.Names.class,
            description = "One of ${COMPLETION-CANDIDATES}: core (hand-written, ND4J), reference (PyTorch "
                    + "autograd) or numeric (central finite differences in float64; an element skipped at a kink, "
                    + "or not sampled, prints as null).")
    private Implementation impl;

    @CommandLine.Mixin
    private FixtureArgument fixtureArgument;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Fixture fixture = fixtureArgument.read(spec.commandLine().getErr());
        if (fixture == null) {
            return ExitCode.BAD_INPUT;
        }
        GradientsJson.write(impl.lossAndGradients(fixture), spec.commandLine().getOut());
        return ExitCode.PASS;
    }
}
