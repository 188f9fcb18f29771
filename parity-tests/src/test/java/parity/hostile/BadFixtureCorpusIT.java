package parity.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import parity.support.CliRun;
import parity.support.ReportFile;

/**
 * Every file of {@code src/test/resources/bad-fixtures/} checked beside a good fixture, as
 * {@code parity check seed-blog.json BAD}: exit 2, exactly the expected line on stderr (the file as
 * given, the JSON path, the problem), no stack trace anywhere, and in {@code parity-report.json} the good
 * fixture checked and passing, the bad one an ERROR carrying the same line.
 */
class BadFixtureCorpusIT {

    static final Path CORPUS = Path.of("src", "test", "resources", "bad-fixtures");
    static final Path EXPECTED = CORPUS.resolve("expected-messages.tsv");
    static final Path GOOD = Path.of("..", "fixtures", "src", "main", "resources", "parity", "fixtures", "suite",
            "seed-blog.json");

    /** A file of the corpus and what {@code parity check} says about it after {@code "<path>: "}. */
    record BadFixture(String file, String message) {
        @Override
        public String toString() {
            return file;
        }
    }

    static List<BadFixture> corpus() throws IOException {
        return Files.readAllLines(EXPECTED, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("\t", 2))
                .map(fields -> new BadFixture(fields[0], fields[1]))
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void refusedOnOneLineWhileTheGoodFixtureIsStillChecked(BadFixture bad, @TempDir Path reports) throws IOException {
        Path file = CORPUS.resolve(bad.file());
        String expected = file + ": " + bad.message();

        CliRun run = CliRun.of("check", "--report-dir", reports.toString(), GOOD.toString(), file.toString());

        assertEquals(2, run.exit(), run.err());
        assertEquals(List.of(expected), run.errLines());
        assertFalse((run.out() + run.err()).contains("\tat "), "a stack trace was printed:\n" + run.err());
        assertTrue(run.out().contains("2 fixtures: 1 PASS, 0 FAIL, 1 ERROR"), run.out());
        assertEquals(List.of("seed-blog PASS", file + " ERROR"), ReportFile.statuses(reports));
        JsonNode badEntry = ReportFile.fixtures(reports).get(1);
        assertEquals(expected, badEntry.get("error").asText());
    }

    @Test
    void everyFileHasItsMessageAndTheCorpusIsLarge() throws IOException {
        List<String> listed = corpus().stream().map(BadFixture::file).sorted().toList();
        List<String> present;
        try (Stream<Path> files = Files.list(CORPUS)) {
            present = files.map(f -> f.getFileName().toString()).filter(f -> !f.equals(EXPECTED.getFileName().toString()))
                    .sorted().toList();
        }
        assertEquals(present, listed);
        assertTrue(listed.size() >= 40, "only " + listed.size() + " bad fixtures");
    }
}
