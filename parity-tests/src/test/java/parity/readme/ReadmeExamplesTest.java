package parity.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's code that comes from the example consumer, which {@code mvn verify} builds and runs,
 * must be that code: a block under {@code <!-- from: PATH -->} is the whole file, one under
 * {@code <!-- excerpt of: PATH -->} is a run of its lines in order (lines may be left out between).
 */
class ReadmeExamplesTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern BLOCK = Pattern.compile("<!-- (from|excerpt of): (\\S+) -->\\n```\\w*\\n(.*?)\\n```",
            Pattern.DOTALL);

    @Test
    void everyQuotedBlockIsTheExampleAsItIs() throws IOException {
        List<String> stale = new ArrayList<>();
        int blocks = 0;
        for (Path page : pages()) {
            Matcher block = BLOCK.matcher(Files.readString(page));
            while (block.find()) {
                blocks++;
                List<String> quoted = block.group(3).lines().toList();
                List<String> source = Files.readString(ROOT.resolve(block.group(2))).strip().lines().toList();
                boolean fresh = block.group(1).equals("from") ? quoted.equals(source) : inOrder(quoted, source);
                if (!fresh) {
                    stale.add(ROOT.relativize(page) + ": " + block.group(2));
                }
            }
        }
        assertTrue(blocks >= 6, "the README and docs quote the examples in at least 6 blocks, found " + blocks);
        assertEquals(List.of(), stale, "blocks that differ from the file they quote: copy the file again");
    }

    /** The front door stays one: what it is, the two commands, a fixture, your own network, a report, links. */
    @Test
    void theReadmeIsAtMostTwentyKilobytes() throws IOException {
        long size = Files.size(ROOT.resolve("README.md"));
        assertTrue(size <= 20_000, "README.md is " + size + " bytes; move deep material to docs/");
    }

    /** The README's fixture is one the reader accepts, as a user who copies it would find. */
    @Test
    void theReadmesFixtureIsValid() throws Exception {
        Matcher json = Pattern.compile("```json\n(.*?)\n```", Pattern.DOTALL).matcher(Files.readString(ROOT.resolve("README.md")));
        assertTrue(json.find(), "the README shows a fixture");
        parity.api.Fixture fixture = new parity.fixtures.FixtureReader().read("README.md",
                json.group(1).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(parity.fixtures.BundledSuite.load("seed-blog.json").params(), fixture.params());
    }

    /** README.md and every page of docs/. */
    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (java.util.stream.Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    @Test
    void theExampleDependsOnThisVersion() throws IOException {
        String parent = Files.readString(ROOT.resolve("pom.xml"));
        Matcher version = Pattern.compile("<artifactId>parity-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(parent);
        assertTrue(version.find());
        for (String example : List.of("plain-java-network", "plain-java-network-broken")) {
            String pom = Files.readString(ROOT.resolve("examples").resolve(example).resolve("pom.xml"));
            assertTrue(pom.contains("<artifactId>parity-junit</artifactId>\n      <version>" + version.group(1) + "</version>"),
                    example + " must depend on parity-junit " + version.group(1));
        }
    }

    /**
     * The gate's own Surefire and Failsafe name tests as the example the README quotes tells a user to,
     * so that this build's XML reports list {@code fixture › pair › tensor} too: the same three reporters
     * in both plugins' configuration in the root pom as in the example's pom.
     */
    @Test
    void theGatesTestPluginsNameTestsAsTheExampleDoes() throws IOException {
        List<String> example = reporters(Files.readString(ROOT.resolve("examples/plain-java-network/pom.xml")));
        List<String> root = reporters(Files.readString(ROOT.resolve("pom.xml")));
        assertEquals(3, example.size(), "the example's pom configures three reporters");
        List<String> twice = new ArrayList<>(example);
        twice.addAll(example);
        assertEquals(twice, root, "the root pom's Surefire and Failsafe must each configure the example's reporters");
    }

    /** Each reporter element of a pom, its whitespace collapsed. */
    private static List<String> reporters(String pom) {
        List<String> found = new ArrayList<>();
        Matcher reporter = Pattern.compile("<(statelessTestsetReporter|consoleOutputReporter|statelessTestsetInfoReporter)"
                + "\\b.*?</\\1>", Pattern.DOTALL).matcher(pom);
        while (reporter.find()) {
            found.add(reporter.group().replaceAll("\\s+", " "));
        }
        return found;
    }

    @Test
    void anExcerptMustKeepTheOrderOfItsFile() {
        assertTrue(inOrder(List.of("a", "c"), List.of("a", "b", "c")));
        assertEquals(false, inOrder(List.of("c", "a"), List.of("a", "b", "c")));
        assertEquals(false, inOrder(List.of("a", "x"), List.of("a", "b", "c")));
    }

    /** Whether every quoted line is a line of the source, in the source's order. */
    private static boolean inOrder(List<String> quoted, List<String> source) {
        int at = 0;
        for (String line : quoted) {
            while (at < source.size() && !source.get(at).equals(line)) {
                at++;
            }
            if (at == source.size()) {
                return false;
            }
            at++;
        }
        return true;
    }
}
