package parity.dl4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import parity.compare.FixtureComparison;
import parity.compare.PairComparison;
import parity.compare.Status;
import parity.compare.TrajectoryComparison;

/**
 * docs/dl4j.md's table is this run's: the test writes the table to {@code target/dl4j-suite-table.md} and fails
 * when the page does not hold it verbatim, so the page cannot drift from what the build asserts.
 */
class SuiteTableTest {

    static final Path PAGE = Path.of("..", "docs", "dl4j.md");

    @Test
    void docsPageHoldsThisRunsTable() throws IOException {
        String table = table(SuiteOnDl4j.comparisons());
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "dl4j-suite-table.md"), table);
        assertTrue(Files.readString(PAGE).contains(table),
                PAGE + " does not hold this run's table: copy target/dl4j-suite-table.md into it");
    }

    static String table(Map<String, FixtureComparison> run) {
        StringBuilder text = new StringBuilder("| fixture | dtype | status | dl4j ↔ reference | dl4j ↔ numeric "
                + "(float32: ↔ reference-float64) | dl4j ↔ recorded | training dl4j ↔ reference | GradientCheckUtil |\n"
                + "| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (FixtureComparison c : run.values()) {
            text.append("| ").append(c.name()).append(" | ").append(c.fixture().dtype().jsonName()).append(" | ")
                    .append(c.status()).append(" | ");
            if (c.status() == Status.SKIPPED) {
                text.append("SKIPPED: ").append(Dl4jSupport.whyNot(c.fixture())).append(" | | | | |\n");
                continue;
            }
            text.append(pass(Optional.of(c.primary()))).append(" | ")
                    .append(pass(pair(c, "numeric").or(() -> pair(c, "reference-float64")))).append(" | ")
                    .append(pass(pair(c, "recorded"))).append(" | ")
                    .append(training(c)).append(" | ")
                    .append(ownCheck(c)).append(" |\n");
        }
        return text.toString();
    }

    private static Optional<PairComparison> pair(FixtureComparison c, String reference) {
        return c.pairs().stream().filter(p -> p.candidate().name().equals("dl4j")
                && p.reference().name().equals(reference)).findFirst();
    }

    private static String pass(Optional<PairComparison> pair) {
        return pair.map(p -> p.passed() ? "PASS" : "FAIL").orElse("–");
    }

    private static String training(FixtureComparison c) {
        if (c.fixture().training() == null) {
            return "–";
        }
        if (c.trainingNotCompared()) {
            return "not compared: " + Dl4jSupport.whyNotTrained(c.fixture());
        }
        TrajectoryComparison run = c.training();
        return run.passed() ? "PASS" : "FAIL from step " + run.firstFailingStep();
    }

    private static String ownCheck(FixtureComparison c) {
        if (!OwnGradientCheckTest.checked(c.fixture())) {
            return "–";
        }
        return OwnGradientCheckTest.expected(c.name());
    }
}
