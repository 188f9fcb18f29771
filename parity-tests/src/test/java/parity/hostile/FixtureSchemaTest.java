package parity.hostile;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import com.networknt.schema.regex.JoniRegularExpressionFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import parity.fixtures.BundledSuite;
import parity.fixtures.FixtureReader;
import parity.fixtures.FixtureSchema;
import parity.fixtures.InvalidFixtureException;

/**
 * The fixture format's JSON Schema ({@link FixtureSchema}, shipped in the fixtures jar) against the Java reader:
 * every fixture the reader accepts (the bundled suite, the tests' fixtures, the example's) is valid under it, and
 * every file of the bad-fixture corpus is either not a JSON text at all, refused by the schema, or listed here as
 * beyond what a schema can state, with the reason. The three lists cover the corpus exactly, so a new bad fixture
 * must be classified. The validator is networknt's, offline: remote fetching is off, and the draft 2020-12
 * meta-schema comes from its jar. Its patterns are ECMA-262 (joni), as JSON Schema specifies.
 */
class FixtureSchemaTest {

    private static final Path TEST_RESOURCES = Path.of("src", "test", "resources");
    private static final Path EXAMPLE_FIXTURES = Path.of("..", "examples", "plain-java-network", "src", "test", "fixtures");
    private static final Path README = Path.of("..", "docs", "fixture-format.md");
    private static final String SUITE = "parity/fixtures/suite/";
    private static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";

    private static final String NOT_UTF8 = "not UTF-8";
    private static final String BOM = "a byte-order mark, which a JSON text must not have";
    private static final String NO_VALUE = "no JSON value";

    /** A standard JSON parser: one value per text, no NaN, comments or other extensions; duplicate keys keep the last. */
    private static final JsonMapper JSON = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder
                    .schemaLoader(loader -> loader.fetchRemoteResources(false))
                    .schemaRegistryConfig(SchemaRegistryConfig.builder()
                            .regularExpressionFactory(JoniRegularExpressionFactory.getInstance())
                            .pathType(PathType.JSON_PATH)
                            .build()));
    private static final JsonNode SCHEMA_NODE = schemaNode();
    private static final Schema SCHEMA = REGISTRY.getSchema(SCHEMA_NODE);

    /**
     * Corpus files that are not a JSON text (RFC 8259), so no schema ever sees them: {@link #parse} refuses them, with
     * one of its own three messages (not UTF-8, a byte-order mark, no JSON value) or, for the rest, Jackson's.
     */
    private static final Map<String, String> NOT_JSON = Map.ofEntries(
            entry("not-json.json", "syntax: not a JSON value"),
            entry("trailing-comma.json", "syntax: a trailing comma"),
            entry("missing-comma.json", "syntax: a missing comma"),
            entry("single-quotes.json", "syntax: single quotes"),
            entry("bracket-closed-by-brace.json", "syntax: a bracket closed by a brace"),
            entry("comment.json", "syntax: JSON has no comments"),
            entry("truncated-in-array.json", "syntax: the text ends early"),
            entry("truncated-in-string.json", "syntax: the text ends early"),
            entry("truncated-after-colon.json", "syntax: the text ends early"),
            entry("empty.json", NO_VALUE),
            entry("whitespace-only.json", NO_VALUE),
            entry("trailing-object.json", "syntax: a second value after the object"),
            entry("extra-closing-brace.json", "syntax: content after the object"),
            entry("binary.png", NOT_UTF8),
            entry("zeros.bin", "syntax: NUL characters"),
            entry("latin1.json", NOT_UTF8),
            entry("utf16.json", NOT_UTF8),
            entry("utf8-bom.json", BOM),
            entry("nan-in-inputs.json", "syntax: NaN is not a JSON number"),
            entry("nan-in-targets.json", "syntax: NaN is not a JSON number"),
            entry("nan-in-weights.json", "syntax: NaN is not a JSON number"),
            entry("nan-in-biases.json", "syntax: NaN is not a JSON number"),
            entry("nan-l2.json", "syntax: NaN is not a JSON number"),
            entry("infinity-in-inputs.json", "syntax: Infinity is not a JSON number"),
            entry("infinity-in-weights.json", "syntax: Infinity is not a JSON number"),
            entry("infinity-in-biases.json", "syntax: +Infinity is not a JSON number"),
            entry("infinity-rtol.json", "syntax: Infinity is not a JSON number"),
            entry("minus-infinity-in-targets.json", "syntax: -Infinity is not a JSON number"));

    /** Corpus files that are JSON and valid under the schema: what the reader refuses them for is beyond a schema. */
    private static final Map<String, String> BEYOND_SCHEMA = Map.ofEntries(
            entry("duplicate-key.json", "a duplicate key: the parsed object keeps one value, which the schema sees"),
            entry("duplicate-key-in-params.json", "a duplicate key: the parsed object keeps one value, which the schema sees"),
            entry("ragged-inputs.json", "a ragged matrix: a schema cannot require rows of equal length"),
            entry("ragged-W1.json", "a ragged matrix: a schema cannot require rows of equal length"),
            entry("W2-transposed.json", "a shape against layers"),
            entry("b1-short.json", "a shape against layers"),
            entry("inputs-narrow.json", "a shape against layers"),
            entry("mse-targets-short.json", "a shape against the inputs' N and layers"),
            entry("labels-count.json", "the number of labels against the inputs' N"),
            entry("label-out-of-range.json", "a class index against layers' D_out"),
            entry("missing-W2.json", "which W<l> must be there depends on the length of layers"),
            entry("params-extra-layer.json", "which W<l> may be there depends on the length of layers"),
            entry("absurd-parameters.json", "a limit on a sum of products of layer sizes"),
            entry("absurd-activations.json", "a limit on samples × a layer's width"),
            entry("unknown-activation.json", "any lower-case name may be a TorchActivation registered with the reader"),
            entry("batch-size-beyond-samples.json", "batchSize against the inputs' N"));

    /**
     * Corpus files the schema refuses at another field than the reader names (the first of its errors there): the
     * schema states the rule from the other side. Every other refused file has an error at the reader's field.
     */
    private static final Map<String, String> REFUSED_ELSEWHERE = Map.ofEntries(
            entry("unknown-loss.json", "version"), // a loss of your own needs format 1.2
            entry("init-with-params.json", "params"), // no params beside init
            entry("nesterov-without-momentum.json", "training.momentum")); // nesterov requires momentum > 0

    private static JsonNode schemaNode() {
        try (InputStream in = FixtureSchema.open()) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes as a JSON value, or an exception when they are not a JSON text: UTF-8 without a BOM, one value. */
    private static JsonNode parse(byte[] bytes) throws IOException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(NOT_UTF8, e);
        }
        if (text.startsWith("\uFEFF")) {
            throw new IOException(BOM);
        }
        JsonNode node = JSON.readTree(text);
        if (node == null || node.isMissingNode()) {
            throw new IOException(NO_VALUE);
        }
        return node;
    }

    /** The schema's errors, each as "path: message". */
    private static List<String> errors(JsonNode fixture) {
        return SCHEMA.validate(fixture).stream().map(Error::toString).toList();
    }

    private static void assertValid(String label, byte[] bytes) throws IOException {
        assertEquals(List.of(), errors(parse(bytes)), label);
    }

    @Test
    void theSchemaIsDraft202012ValidAgainstTheMetaSchemaFromTheValidatorsJarAndHasItsStableId() {
        Schema metaSchema = REGISTRY.getSchema(SchemaLocation.of(META_SCHEMA));
        assertEquals(List.of(), metaSchema.validate(SCHEMA_NODE));
        assertEquals(META_SCHEMA, SCHEMA_NODE.get("$schema").asText());
        assertEquals(FixtureSchema.ID, SCHEMA_NODE.get("$id").asText());
        assertEquals("urn:parity:fixture-schema", FixtureSchema.ID);
    }

    /** Editors show a key's description: the README's table row for each key it has, as plain text. */
    @Test
    void everyTopLevelKeyIsDescribedAndTheReadmeTableRowsAreTheDescriptions() throws IOException {
        String section = Files.readString(README).split("## Fixture format \\(version 1\\.2\\)")[1].split("\n## ")[0];
        Matcher row = Pattern.compile("(?m)^\\| `([a-z0-9]+)` \\| (.*) \\|$").matcher(section);
        Map<String, String> table = new TreeMap<>();
        while (row.find()) {
            table.put(row.group(1), row.group(2).replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("`", ""));
        }
        assertEquals(13, table.size(), table.keySet().toString());
        JsonNode properties = SCHEMA_NODE.get("properties");
        List<String> keys = new ArrayList<>();
        properties.fieldNames().forEachRemaining(keys::add);
        assertTrue(keys.containsAll(table.keySet()), keys.toString());
        for (String key : keys) {
            String description = properties.get(key).path("description").asText();
            assertFalse(description.isBlank(), key);
            if (table.containsKey(key)) {
                assertEquals(table.get(key), description, key);
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> everyBundledFixtureIsValid() {
        List<String> names = BundledSuite.names();
        assertEquals(44, names.size());
        return names.stream().map(name -> DynamicTest.dynamicTest(name, () -> assertValid(name, resource(SUITE + name))));
    }

    /** Every fixture of these tests' resources that the reader accepts, outside the bad-fixture corpus. */
    @TestFactory
    Stream<DynamicTest> everyTestFixtureTheReaderAcceptsIsValid() throws IOException {
        List<Path> accepted = new ArrayList<>();
        try (Stream<Path> files = Files.walk(TEST_RESOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json"))
                    .filter(f -> !f.startsWith(BadFixtureCorpusIT.CORPUS)).sorted().toList()) {
                try {
                    new FixtureReader().read(file);
                    accepted.add(file);
                } catch (InvalidFixtureException refused) {
                    // not a fixture these tests use as a valid one
                }
            }
        }
        assertFalse(accepted.isEmpty());
        return accepted.stream().map(file -> DynamicTest.dynamicTest(file.toString(),
                () -> assertValid(file.toString(), Files.readAllBytes(file))));
    }

    /** The example's fixtures, one with an activation and one with a loss of its own (registered in its tests). */
    @TestFactory
    Stream<DynamicTest> everyExampleFixtureIsValid() throws IOException {
        List<Path> fixtures;
        try (Stream<Path> files = Files.list(EXAMPLE_FIXTURES)) {
            fixtures = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertEquals(List.of("log-cosh-3-4-2.json", "swish-3-5-2.json", "xor-sigmoid.json"),
                fixtures.stream().map(f -> f.getFileName().toString()).toList());
        return fixtures.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(),
                () -> assertValid(file.toString(), Files.readAllBytes(file))));
    }

    @Test
    void everyBadFixtureIsClassifiedExactlyOnce() throws IOException {
        List<String> corpus = BadFixtureCorpusIT.corpus().stream().map(BadFixtureCorpusIT.BadFixture::file).sorted().toList();
        TreeSet<String> classified = new TreeSet<>(NOT_JSON.keySet());
        classified.addAll(BEYOND_SCHEMA.keySet());
        assertEquals(NOT_JSON.size() + BEYOND_SCHEMA.size(), classified.size(), "a file in both lists");
        List<String> refused = corpus.stream().filter(f -> !classified.contains(f)).toList();
        assertTrue(corpus.containsAll(classified), "listed but not in the corpus: " + classified);
        assertTrue(refused.containsAll(REFUSED_ELSEWHERE.keySet()));
        assertEquals(List.of(97, 28, 16, 53), List.of(corpus.size(), NOT_JSON.size(), BEYOND_SCHEMA.size(), refused.size()));
    }

    @TestFactory
    Stream<DynamicTest> theBadFixtureCorpusIsNotJsonOrRefusedOrListedAsBeyondTheSchema() throws IOException {
        return BadFixtureCorpusIT.corpus().stream().map(bad -> DynamicTest.dynamicTest(bad.file(), () -> {
            byte[] bytes = Files.readAllBytes(BadFixtureCorpusIT.CORPUS.resolve(bad.file()));
            if (NOT_JSON.containsKey(bad.file())) {
                String reason = NOT_JSON.get(bad.file());
                IOException refused = assertThrows(IOException.class, () -> parse(bytes), reason);
                if (reason.startsWith("syntax: ")) {
                    assertInstanceOf(JsonProcessingException.class, refused, reason);
                } else {
                    assertEquals(reason, refused.getMessage());
                }
                return;
            }
            List<Error> errors = SCHEMA.validate(parse(bytes));
            if (BEYOND_SCHEMA.containsKey(bad.file())) {
                assertEquals(List.of(), errors.stream().map(Error::toString).toList(), BEYOND_SCHEMA.get(bad.file()));
                return;
            }
            assertFalse(errors.isEmpty(), bad.file() + " is valid under the schema; the reader says: " + bad.message());
            // Refused for the reader's reason: an error at the field the reader names or inside it.
            String readerField = readerField(bad.message());
            List<String> fields = errors.stream().map(FixtureSchemaTest::field).toList();
            String expectedField = REFUSED_ELSEWHERE.getOrDefault(bad.file(), readerField);
            assertTrue(fields.stream().anyMatch(field -> within(field, expectedField)),
                    bad.file() + ": no schema error at " + expectedField + " (reader: " + bad.message() + "): " + errors);
        }));
    }

    /** The field a message of the corpus names, "params.b1[1]" of "params.b1[1]: expected a number, …"; "" if none. */
    private static String readerField(String message) {
        Matcher field = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*|\\[\\d+\\])*): ").matcher(message);
        return field.find() && !message.startsWith("invalid JSON") ? field.group(1) : "";
    }

    /** Whether {@code field} is {@code outer} or lies inside it: "targets[0]" inside "targets"; "" only in "". */
    private static boolean within(String field, String outer) {
        return outer.isEmpty() ? field.isEmpty()
                : field.equals(outer) || field.startsWith(outer + ".") || field.startsWith(outer + "[");
    }

    /** Where a schema error is, as the reader writes a field: "params.b1[1]"; a missing or unknown key's own name. */
    private static String field(Error error) {
        String path = error.getInstanceLocation().toString().replaceFirst("^\\$\\.?", "");
        String property = error.getProperty();
        if (property != null && List.of("required", "additionalProperties", "propertyNames").contains(error.getKeyword())) {
            return path.isEmpty() ? property : path + "." + property;
        }
        return path;
    }

    // The test can fail: one thing broken in a valid fixture, and the schema names it in its own words.

    @Test
    void anUnknownKeyIsRefusedWithTheSchemasMessage() throws IOException {
        ObjectNode fixture = seedBlog();
        fixture.put("learning_rate", 0.1);
        assertEquals(List.of("$: property 'learning_rate' is not defined in the schema and the schema does not allow "
                + "additional properties"), errors(fixture));
    }

    @Test
    void aWrongDtypeIsRefusedWithTheSchemasMessage() throws IOException {
        ObjectNode fixture = seedBlog();
        fixture.put("dtype", "float16");
        assertEquals(List.of("$.dtype: does not have a value in the enumeration [\"float64\", \"float32\"]"), errors(fixture));
    }

    /**
     * Where the schema can state a rule, its verdict is the reader's: variants of the seed fixture, each read by both.
     * Among them the edges of the schema's wording: whole numbers written as decimals, the largest float32 written as
     * Java prints it, a name of non-breaking spaces (not blank in Java), and a final line break after a name (which
     * java.util.regex's $ would let through).
     */
    @TestFactory
    Stream<DynamicTest> theSchemaAgreesWithTheReaderOnTheRulesItStates() throws IOException {
        Map<String, Boolean> accepted = new TreeMap<>();
        Map<String, ObjectNode> variants = new TreeMap<>();
        variant(variants, "layers as 3.0 and 4e0 (valid)", f -> ((ArrayNode) f.get("layers")).removeAll().add(3.0).add(4e0).add(5));
        variant(variants, "float32 l2 3.4028235e38 (valid)", f -> f.put("dtype", "float32").set("l2", number("3.4028235e38")));
        variant(variants, "float32 l2 3.4028236e38", f -> f.put("dtype", "float32").set("l2", number("3.4028236e38")));
        variant(variants, "float64 l2 1.7976931348623157e308 (valid)", f -> f.set("l2", number("1.7976931348623157e308")));
        variant(variants, "l2 1e309", f -> f.set("l2", number("1e309")));
        variant(variants, "name of non-breaking spaces (valid)", f -> f.put("name", "\u00a0\u2007\u202f"));
        variant(variants, "name of spaces", f -> f.put("name", " \u2003 "));
        variant(variants, "name with a final line break", f -> f.put("name", "seed\n"));
        variant(variants, "activation with a final line break", f -> f.put("activation", "relu\n"));
        variant(variants, "activation upper case", f -> f.put("activation", "ReLU"));
        variant(variants, "version 2", f -> f.put("version", "2"));
        variant(variants, "version 1 with expected", f -> f.put("version", "1"));
        variant(variants, "bias in version 1.1", f -> f.put("bias", true));
        variant(variants, "bias true in version 1.2 (valid)", f -> f.put("version", "1.2").put("bias", true));
        variant(variants, "activation list in version 1.2 (valid)", f -> f.put("version", "1.2").putArray("activation").add("tanh"));
        variant(variants, "activation list in version 1.1", f -> f.putArray("activation").add("tanh"));
        variant(variants, "loss object in version 1.1", f -> f.putObject("loss").put("name", "softmax_cross_entropy"));
        variant(variants, "loss object with label smoothing (valid)", f -> f.put("version", "1.2").putObject("loss")
                .put("name", "softmax_cross_entropy").put("labelSmoothing", 1));
        variant(variants, "label smoothing 1.5", f -> f.put("version", "1.2").putObject("loss")
                .put("name", "softmax_cross_entropy").put("labelSmoothing", 1.5));
        variant(variants, "cross-entropy with delta", f -> f.put("version", "1.2").putObject("loss")
                .put("name", "softmax_cross_entropy").put("delta", 1));
        variant(variants, "l1 with class labels", f -> f.put("version", "1.2").put("loss", "l1"));
        variant(variants, "bias false with b1 in params", f -> f.put("version", "1.2").put("bias", false));
        variant(variants, "expected without b1's gradient", f -> ((ObjectNode) f.get("expected").get("gradients")).remove("db1"));
        variant(variants, "expected losses without training", f -> ((ObjectNode) f.get("expected")).putArray("losses").add(1).add(2));
        variant(variants, "training without expected losses", f -> f.putObject("training").put("optimizer", "sgd")
                .put("learningRate", 0.1).put("steps", 1));
        variant(variants, "training adam defaults, expected removed (valid)", f -> {
            f.remove("expected");
            f.putObject("training").put("optimizer", "adam").put("learningRate", 0.1).put("steps", 1)
                    .put("amsgrad", true).put("batchSize", 2.0).putArray("betas").add(0).add(0.999);
        });
        variant(variants, "nesterov with dampening", f -> {
            f.remove("expected");
            f.putObject("training").put("optimizer", "sgd").put("learningRate", 0.1).put("steps", 1)
                    .put("nesterov", true).put("momentum", 0.9).put("dampening", 0.5);
        });
        variant(variants, "nesterov, momentum 0.9 (valid)", f -> {
            f.remove("expected");
            f.putObject("training").put("optimizer", "sgd").put("learningRate", 0.1).put("steps", 1)
                    .put("nesterov", true).put("momentum", 0.9).put("dampening", 0);
        });
        variant(variants, "adamw with momentum", f -> {
            f.remove("expected");
            f.putObject("training").put("optimizer", "adamw").put("learningRate", 0.1).put("steps", 1).put("momentum", 0.9);
        });
        variant(variants, "init instead of params (valid)", f -> {
            f.remove("params");
            f.remove("expected");
            f.putObject("init").put("seed", -9223372036854775808L).put("scale", 0.5);
        });
        variant(variants, "init with samples and inputs", f -> {
            f.remove("params");
            f.remove("expected");
            f.putObject("init").put("seed", 1).put("scale", 0.5).put("samples", 2);
        });
        variant(variants, "init without inputs or samples", f -> {
            f.remove("params");
            f.remove("expected");
            f.remove("inputs");
            f.putObject("init").put("seed", 1).put("scale", 0.5);
        });
        variant(variants, "no params and no init", f -> f.remove("params"));
        variant(variants, "tolerance without atol", f -> f.putObject("tolerance").put("rtol", 0));
        for (Map.Entry<String, ObjectNode> entry : variants.entrySet()) {
            byte[] bytes = JSON.writeValueAsBytes(entry.getValue());
            boolean readerAccepts;
            try {
                new FixtureReader().read(entry.getKey(), bytes);
                readerAccepts = true;
            } catch (InvalidFixtureException e) {
                readerAccepts = false;
            }
            accepted.put(entry.getKey(), readerAccepts);
        }
        return variants.entrySet().stream().map(entry -> DynamicTest.dynamicTest(entry.getKey(), () -> {
            boolean valid = errors(entry.getValue()).isEmpty();
            assertEquals(entry.getKey().endsWith("(valid)"), accepted.get(entry.getKey()), "the reader's verdict");
            assertEquals(accepted.get(entry.getKey()), valid, "the schema's verdict: " + errors(entry.getValue()));
        }));
    }

    private static void variant(Map<String, ObjectNode> variants, String name, Consumer<ObjectNode> change) throws IOException {
        ObjectNode fixture = seedBlog();
        change.accept(fixture);
        variants.put(name, fixture);
    }

    /** A number as written, kept exactly (the reader reads it from the text, the schema compares it). */
    private static JsonNode number(String literal) {
        return JSON.getNodeFactory().numberNode(new BigDecimal(literal));
    }

    private static ObjectNode seedBlog() throws IOException {
        return (ObjectNode) parse(resource(SUITE + "seed-blog.json"));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = FixtureSchemaTest.class.getClassLoader().getResourceAsStream(name)) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }
}
