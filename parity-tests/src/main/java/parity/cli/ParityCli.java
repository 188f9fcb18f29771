package parity.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code parity check …} and {@code parity gradients …}: the gate from the command line. */
@Command(name = "parity", mixinStandardHelpOptions = true,
        description = "Checks hand-written backprop (core, ND4J) against PyTorch autograd (reference, DJL).",
        subcommands = {CheckCommand.class, GradientsCommand.class})
public final class ParityCli implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the tool and returns its exit code; errors are one line on standard error, never a stack trace. */
    public static int run(String... args) {
        CommandLine commandLine = new CommandLine(new ParityCli())
                .setExitCodeExceptionMapper(e -> ExitCode.INTERNAL)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("parity: internal error: " + e);
                    return ExitCode.INTERNAL;
                });
        commandLine.getCommandSpec().exitCodeOnInvalidInput(ExitCode.BAD_INPUT);
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: check or gradients");
    }
}
