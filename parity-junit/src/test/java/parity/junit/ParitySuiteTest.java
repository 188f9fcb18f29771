package parity.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;
import parity.api.Implementation;
import parity.fixtures.BundledSuite;

/** The dynamic tests a user gets: their names, and which pass, fail or are skipped, run by hand here. */
class ParitySuiteTest {

    @Test
    void oneTestPerPairAndTensorNamedByWhatItChecks(@TempDir Path reports) throws Exception {
        Path fixtures = Files.createDirectories(reports.resolve("fixtures"));
        Files.write(fixtures.resolve("n7.json"), bundled("sigmoid-4-5-3-n7.json"));

        List<String> outcomes = run(ParitySuite.directory(fixtures).reportsTo(reports)
                .dynamicTests(Candidates.scaled("db1", 1.5)));

        assertEquals(List.of(
                "sigmoid-4-5-3-n7 (" + fixtures.resolve("n7.json") + ")",
                "  sigmoid-4-5-3-n7 › mine ↔ reference › forward pass: PASS",
                "  sigmoid-4-5-3-n7 › mine ↔ reference › loss: PASS",
                "  sigmoid-4-5-3-n7 › mine ↔ reference › dW1: PASS",
                "  sigmoid-4-5-3-n7 › mine ↔ reference › db1: FAIL sigmoid-4-5-3-n7 › mine ↔ reference › db1: FAIL",
                "  sigmoid-4-5-3-n7 › mine ↔ reference › dW2: PASS",
                "  sigmoid-4-5-3-n7 › mine ↔ reference › db2: PASS",
                "  sigmoid-4-5-3-n7 › mine ↔ numeric › loss: PASS",
                "  sigmoid-4-5-3-n7 › mine ↔ numeric › dW1: PASS",
                "  sigmoid-4-5-3-n7 › mine ↔ numeric › db1: FAIL sigmoid-4-5-3-n7 › mine ↔ numeric › db1: FAIL: 5 / 5 elements out of "
                        + "tolerance, greatest |a - b| 0.0237175492131156 at [1] (mine -0.07115264763220758, numeric "
                        + "-0.04743509841909198); summary under sigmoid-4-5-3-n7 › mine ↔ reference › db1",
                "  sigmoid-4-5-3-n7 › mine ↔ numeric › dW2: PASS",
                "  sigmoid-4-5-3-n7 › mine ↔ numeric › db2: PASS",
                "  sigmoid-4-5-3-n7 › mine ↔ numeric › dW1·u1: PASS",
                "  sigmoid-4-5-3-n7 › mine ↔ numeric › dW1·u2: PASS",
                "  sigmoid-4-5-3-n7 › mine ↔ numeric › db1·u1: FAIL sigmoid-4-5-3-n7 › mine ↔ numeric › db1·u1: FAIL: 1 / 1 elements "
                        + "out of tolerance, greatest |a - b| 0.05140211663380402 (mine -0.1542063499678099, numeric "
                        + "-0.10280423333400589); summary under sigmoid-4-5-3-n7 › mine ↔ reference › db1",
                "  sigmoid-4-5-3-n7 › mine ↔ numeric › db1·u2: FAIL sigmoid-4-5-3-n7 › mine ↔ numeric › db1·u2: FAIL: 1 / 1 elements "
                        + "out of tolerance, greatest |a - b| 0.03889015163265626 (mine -0.11667045489728312, numeric "
                        + "-0.07778030326462686); summary under sigmoid-4-5-3-n7 › mine ↔ reference › db1",
                "  sigmoid-4-5-3-n7 › mine ↔ numeric › dW2·u1: PASS",
                "  sigmoid-4-5-3-n7 › mine ↔ numeric › dW2·u2: PASS",
                "  sigmoid-4-5-3-n7 › mine ↔ numeric › db2·u1: PASS",
                "  sigmoid-4-5-3-n7 › mine ↔ numeric › db2·u2: PASS",
                "  sigmoid-4-5-3-n7 › reference ↔ numeric › loss: PASS",
                "  sigmoid-4-5-3-n7 › reference ↔ numeric › dW1: PASS",
                "  sigmoid-4-5-3-n7 › reference ↔ numeric › db1: PASS",
                "  sigmoid-4-5-3-n7 › reference ↔ numeric › dW2: PASS",
                "  sigmoid-4-5-3-n7 › reference ↔ numeric › db2: PASS",
                "  sigmoid-4-5-3-n7 › reference ↔ numeric › dW1·u1: PASS",
                "  sigmoid-4-5-3-n7 › reference ↔ numeric › dW1·u2: PASS",
                "  sigmoid-4-5-3-n7 › reference ↔ numeric › db1·u1: PASS",
                "  sigmoid-4-5-3-n7 › reference ↔ numeric › db1·u2: PASS",
                "  sigmoid-4-5-3-n7 › reference ↔ numeric › dW2·u1: PASS",
                "  sigmoid-4-5-3-n7 › reference ↔ numeric › dW2·u2: PASS",
                "  sigmoid-4-5-3-n7 › reference ↔ numeric › db2·u1: PASS",
                "  sigmoid-4-5-3-n7 › reference ↔ numeric › db2·u2: PASS",
                "  sigmoid-4-5-3-n7 › mine ↔ recorded › loss: PASS",
                "  sigmoid-4-5-3-n7 › mine ↔ recorded › dW1: PASS",
                "  sigmoid-4-5-3-n7 › mine ↔ recorded › db1: FAIL sigmoid-4-5-3-n7 › mine ↔ recorded › db1: FAIL: 5 / 5 elements out "
                        + "of tolerance, greatest |a - b| 0.023717549210735864 at [1] (mine -0.07115264763220758, "
                        + "recorded -0.047435098421471714); summary under sigmoid-4-5-3-n7 › mine ↔ reference › db1",
                "  sigmoid-4-5-3-n7 › mine ↔ recorded › dW2: PASS",
                "  sigmoid-4-5-3-n7 › mine ↔ recorded › db2: PASS",
                "  sigmoid-4-5-3-n7 › reference ↔ recorded › loss: PASS",
                "  sigmoid-4-5-3-n7 › reference ↔ recorded › dW1: PASS",
                "  sigmoid-4-5-3-n7 › reference ↔ recorded › db1: PASS",
                "  sigmoid-4-5-3-n7 › reference ↔ recorded › dW2: PASS",
                "  sigmoid-4-5-3-n7 › reference ↔ recorded › db2: PASS"), outcomes);
        assertEquals(true, Files.isRegularFile(reports.resolve("parity-report.json")));
    }

    /** The message of one failing test: the fixture's summary under the test's name, then its own tensor. */
    @Test
    void aFailingTestsMessageIsTheFixturesSummaryThenItsTensor(@TempDir Path reports) throws Exception {
        Path fixtures = Files.createDirectories(reports.resolve("fixtures"));
        Files.write(fixtures.resolve("n7.json"), bundled("sigmoid-4-5-3-n7.json"));
        DynamicContainer container = (DynamicContainer) ParitySuite.directory(fixtures).reportsTo(reports)
                .dynamicTests(Candidates.scaled("db1", 1.5)).findFirst().orElseThrow();
        DynamicTest db1 = container.getChildren().map(DynamicTest.class::cast)
                .filter(t -> t.getDisplayName().equals("sigmoid-4-5-3-n7 › mine ↔ reference › db1"))
                .findFirst().orElseThrow();

        AssertionFailedError failure = assertThrows(AssertionFailedError.class, () -> db1.getExecutable().execute());

        assertEquals("""
                sigmoid-4-5-3-n7 › mine ↔ reference › db1: FAIL
                  verdict: mine is wrong: the reference, finite differences and the recorded PyTorch values agree, \
                mine disagrees with all three
                  broken rule: db_1 = Σ_rows δ_1 (the sum over samples, no L2 term)
                  first divergence: db1 (layer 1, backward); forward pass agrees
                  failing tensors: mine ↔ reference 1 of 9, mine ↔ numeric 3 of 13, reference ↔ numeric 0 of 13, \
                mine ↔ recorded 1 of 5, reference ↔ recorded 0 of 5
                mine ↔ reference: allowed |a - b| <= atol + rtol * |b| with rtol 1.0E-7, atol 1.0E-7; \
                a = mine (reference with db1·1.5), b = reference (PyTorch autograd via DJL)
                  db1: 5 / 5 elements out of tolerance
                    greatest absolute difference 0.023717549210735864 at [1]: mine -0.07115264763220758, \
                reference -0.047435098421471714
                    greatest relative difference 0.5000000000000001 at [1]: mine -0.07115264763220758, \
                reference -0.047435098421471714
                    smallest rtol that would pass at atol 1.0E-7: 0.49999789185638227
                  full report: %s#fixture-1-sigmoid-4-5-3-n7 (and %s)""".formatted(reports.resolve("index.html"),
                reports.resolve("parity-report.md")), failure.getMessage());
        assertEquals(0, failure.getStackTrace().length, "the gate's own frames say nothing in a build's log");
    }

    @Test
    void unsupportedFixturesAreSkippedAndUntrainedRunsSaidSo(@TempDir Path reports) throws Exception {
        Path fixtures = Files.createDirectories(reports.resolve("fixtures"));
        Files.write(fixtures.resolve("a.json"), bundled("seed-blog-float32.json"));
        Files.write(fixtures.resolve("b.json"), bundled("seed-blog-sgd.json"));
        Implementation untrained = Candidates.right();

        List<String> outcomes = run(ParitySuite.directory(fixtures).reportsTo(reports).dynamicTests(untrained));

        assertEquals("  seed-blog-float32 › not run: SKIPPED candidate does not support this fixture (float32, sigmoid)",
                outcomes.get(1));
        assertEquals("  seed-blog-sgd › training: SKIPPED training not compared: candidate does not implement Trainable",
                outcomes.get(outcomes.size() - 1));
    }

    @Test
    void aMissingOrEmptyDirectoryIsAFailureNeverAnEmptySuite(@TempDir Path reports) throws Exception {
        Path missing = reports.resolve("nowhere");
        Path empty = Files.createDirectories(reports.resolve("empty"));

        List<String> outcomes = run(ParitySuite.directory(missing).and(ParitySuite.directory(empty)).reportsTo(reports)
                .dynamicTests(Candidates.right()));

        assertEquals(List.of(
                missing + " (" + missing + ")",
                "  " + missing + " › loads and runs: FAIL " + missing + ": no such directory",
                empty + " (" + empty + ")",
                "  " + empty + " › loads and runs: FAIL " + empty + ": no *.json fixture in this directory"), outcomes);
    }

    private static byte[] bundled(String name) throws Exception {
        try (var in = BundledSuite.class.getClassLoader().getResourceAsStream("parity/fixtures/suite/" + name)) {
            return in.readAllBytes();
        }
    }

    /** Each node's display name, and for a test its outcome with the first line of its message. */
    private static List<String> run(Stream<DynamicNode> nodes) {
        List<String> outcomes = new ArrayList<>();
        nodes.forEach(node -> run(node, "", outcomes));
        return outcomes;
    }

    private static void run(DynamicNode node, String indent, List<String> outcomes) {
        if (node instanceof DynamicContainer container) {
            outcomes.add(indent + container.getDisplayName());
            container.getChildren().forEach(child -> run(child, indent + "  ", outcomes));
            return;
        }
        DynamicTest test = (DynamicTest) node;
        try {
            test.getExecutable().execute();
            outcomes.add(indent + test.getDisplayName() + ": PASS");
        } catch (AssertionFailedError e) {
            outcomes.add(indent + test.getDisplayName() + ": FAIL " + e.getMessage().lines().findFirst().orElseThrow());
        } catch (TestAbortedException e) {
            outcomes.add(indent + test.getDisplayName() + ": SKIPPED " + e.getMessage());
        } catch (Throwable e) {
            outcomes.add(indent + test.getDisplayName() + ": " + e);
        }
    }
}
