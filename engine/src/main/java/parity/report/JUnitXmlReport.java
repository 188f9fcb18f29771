package parity.report;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import parity.compare.FailureMessage;
import parity.compare.FixtureComparison;
import parity.compare.PairComparison;
import parity.compare.Status;
import parity.compare.TrajectoryComparison;

/**
 * {@code parity-report.junit.xml}: the run as JUnit XML in Surefire's schema (the Ant format that
 * Jenkins, GitLab and GitHub's test reporters read). One test case per fixture and pair,
 * {@code three-hidden-tanh › core ↔ reference} (the first-step pairs among them), one per training run
 * (core ↔ reference, and each side against a recorded run), and one per fixture that could
 * not run ({@code › loads and runs}, an error) or was not run ({@code › not run}, skipped): the tests
 * {@code parity.junit.ParitySuite} makes, with a pair in place of its tensors. A failure's message is
 * the gate's message for that test ({@link FailureMessage#test}, {@link FailureMessage#trainingTest}),
 * in the attribute (line breaks as {@code &#10;}) and in the element. Times are 0: the same run gives
 * the same bytes.
 */
public final class JUnitXmlReport {

    /** One test case: its name and, unless it passed, what it says. */
    private record Case(String classname, String name, String kind, String message) {
    }

    private JUnitXmlReport() {
    }

    /**
     * Writes the JUnit XML report of a run.
     *
     * @param comparisons one per fixture, in suite order
     * @param out where the report goes
     * @throws IOException when writing fails
     */
    public static void write(List<FixtureComparison> comparisons, Writer out) throws IOException {
        List<Case> cases = new ArrayList<>();
        for (FixtureComparison comparison : comparisons) {
            cases.addAll(cases(comparison));
        }
        out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.write("<testsuite name=\"parity\" tests=\"" + cases.size() + "\" failures=\"" + count(cases, "failure")
                + "\" errors=\"" + count(cases, "error") + "\" skipped=\"" + count(cases, "skipped") + "\" time=\"0\">\n");
        for (Case test : cases) {
            out.write("  <testcase classname=\"" + attribute(test.classname()) + "\" name=\"" + attribute(test.name())
                    + "\" time=\"0\"");
            if (test.kind() == null) {
                out.write("/>\n");
                continue;
            }
            String type = test.kind().equals("skipped") ? "" : " type=\"parity." + test.kind() + "\"";
            out.write(">\n    <" + test.kind() + " message=\"" + attribute(test.message()) + "\"" + type + ">"
                    + content(test.message()) + "</" + test.kind() + ">\n  </testcase>\n");
        }
        out.write("</testsuite>\n");
    }

    private static List<Case> cases(FixtureComparison comparison) {
        String fixture = comparison.name();
        List<Case> cases = new ArrayList<>();
        if (comparison.status() == Status.ERROR) {
            cases.add(new Case(fixture, fixture + " › loads and runs", "error", FailureMessage.of(comparison)));
        }
        if (comparison.status() == Status.SKIPPED) {
            cases.add(new Case(fixture, fixture + " › not run", "skipped", comparison.skippedBecause()));
        }
        for (PairComparison pair : comparison.pairs()) {
            String name = fixture + " › " + pair.label();
            String failure = FailureMessage.test(comparison, name, pair, pair.inDivergenceOrder());
            cases.add(new Case(fixture, name, failure == null ? null : "failure", failure));
        }
        TrajectoryComparison training = comparison.training();
        if (training != null) {
            String name = fixture + " › training " + (training.steps().size() - 1) + " steps";
            String failure = FailureMessage.trainingTest(comparison, name);
            cases.add(new Case(fixture, name, failure == null ? null : "failure", failure));
        }
        for (TrajectoryComparison run : comparison.recordedTraining()) {
            String name = fixture + " › training " + run.candidate().name() + " ↔ " + run.reference().name();
            String failure = FailureMessage.trainingTest(comparison, name, run);
            cases.add(new Case(fixture, name, failure == null ? null : "failure", failure));
        }
        if (comparison.trainingNotCompared()) {
            cases.add(new Case(fixture, fixture + " › training", "skipped", "training not compared: "
                    + comparison.trainingNotComparedBecause()));
        }
        return cases;
    }

    private static long count(List<Case> cases, String kind) {
        return cases.stream().filter(c -> kind.equals(c.kind())).count();
    }

    /** Escaped for a double-quoted attribute; line breaks and tabs as references, which parsers keep. */
    private static String attribute(String text) {
        return escape(text, true);
    }

    private static String content(String text) {
        return escape(text, false);
    }

    /**
     * XML 1.0 allows no control character but tab, line feed and carriage return, not even escaped:
     * any other (a fixture name can hold one) becomes U+FFFD, so that the file stays well-formed.
     */
    private static String escape(String text, boolean inAttribute) {
        StringBuilder xml = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> xml.append("&amp;");
                case '<' -> xml.append("&lt;");
                case '>' -> xml.append("&gt;");
                case '"' -> xml.append(inAttribute ? "&quot;" : "\"");
                case '\n' -> xml.append(inAttribute ? "&#10;" : "\n");
                case '\r' -> xml.append("&#13;");
                case '\t' -> xml.append(inAttribute ? "&#9;" : "\t");
                default -> xml.append(c < 0x20 || c == 0xFFFE || c == 0xFFFF ? '\uFFFD' : c);
            }
        }
        return xml.toString();
    }
}
