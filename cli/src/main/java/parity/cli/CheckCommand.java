package parity.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import parity.api.Implementation;
import parity.compare.FailureMessage;
import parity.compare.FixtureComparison;
import parity.compare.ParityCheck;
import parity.compare.Status;
import parity.fixtures.BundledSuite;
import parity.fixtures.FixtureSource;
import parity.report.ParityReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Compares core against the reference on fixtures, prints a table and writes the reports; on a terminal,
 * shows its progress meanwhile.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Compare loss and every gradient of core (or --impl) against the reference. Exit 0: all pass; "
                + "1: a parity failure; 2: bad input or usage.")
final class CheckCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FIXTURE.json", arity = "0..*",
            description = "Fixture files; with none, the bundled suite.")
    private List<Path> fixtures = List.of();

    @Option(names = "--report-dir", paramLabel = "DIR", defaultValue = "parity-reports",
            description = "Where parity-report.json, .md, .junit.xml and index.html go (default: ${DEFAULT-VALUE}).")
    private Path reportDir;

    @Option(names = "--impl", paramLabel = "NAME", defaultValue = "core", converter = ImplementationConverter.class,
            completionCandidates = ImplementationConverter.Names.class,
            description = "The implementation checked against the reference (default: ${DEFAULT-VALUE}).")
    private Implementation candidate;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<FixtureSource> sources = fixtures.isEmpty()
                ? BundledSuite.sources()
                : fixtures.stream().map(FixtureSource::file).toList();
        ParityCheck check = ParityCheck.of(candidate);
        Progress progress = Progress.onTerminal(err, sources.size());
        List<FixtureComparison> comparisons = new ArrayList<>();
        for (FixtureSource source : sources) {
            // The file name, not its directories: the line must fit the terminal.
            progress.next(source.label().substring(source.label().lastIndexOf('/') + 1));
            comparisons.add(check.check(source));
        }
        progress.finish();

        ResultTable.print(comparisons, out);
        for (FixtureComparison comparison : comparisons) {
            if (comparison.status() == Status.FAIL) {
                out.println();
                out.println(FailureMessage.of(comparison));
            } else if (comparison.status() == Status.ERROR) {
                err.println(comparison.error());
            }
        }
        out.flush();
        int exit = ExitCode.of(comparisons);
        try {
            ParityReport.write(comparisons, reportDir);
            out.println("reports: " + ParityReport.FILES.stream().map(f -> reportDir.resolve(f).toString())
                    .collect(Collectors.joining(", ")));
        } catch (IOException e) {
            err.println("parity: cannot write the reports to " + reportDir + ": " + reason(e));
            exit = Math.max(exit, ExitCode.BAD_INPUT);
        }
        return exit;
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        // A write that fails part-way (a full disk: "No space left on device") is a plain IOException
        // whose message is the system's reason; its class name would add nothing.
        if (e.getClass() == IOException.class && e.getMessage() != null) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
