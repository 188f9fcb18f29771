package parity.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code parity check …} and {@code parity gradients …}: the gate from the command line. */
@Command(name = "parity", mixinStandardHelpOptions = true,
        description = "Checks hand-written backprop (core, ND4J) against PyTorch autograd (reference, DJL).",
        subcommands = {CheckCommand.class, GradientsCommand.class, TrainCommand.class})
public final class ParityCli implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        System.exit(run(out, err, args));
    }

    /** Runs the tool and returns its exit code; errors are one line on {@code err}, never a stack trace. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new ParityCli())
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("parity: internal error: " + e);
                    return ExitCode.INTERNAL;
                });
        // picocli answers invalid usage with its exit code 2, the same as ExitCode.BAD_INPUT.
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: check, gradients or train");
    }
}
