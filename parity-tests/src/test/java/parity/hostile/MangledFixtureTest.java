package parity.hostile;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import parity.fixtures.FixtureReader;
import parity.fixtures.InvalidFixtureException;

/**
 * Bad fixtures nobody wrote down: a valid fixture cut short, with bytes dropped, replaced or inserted
 * (JSON's own punctuation, digits, letters of NaN and Infinity, exponents, non-ASCII and invalid
 * UTF-8). The reader either reads it or refuses it with one line naming the file; it never throws
 * anything else, which in {@code parity check} would end the whole run instead of one fixture.
 */
class MangledFixtureTest {

    private static final String SOURCE = "mangled.json";
    private static final byte[] SEED = seed();
    private static final String SPARE_BYTES = "{}[],:\"\\ 0123456789.eE+-NaInfity\n";

    private static byte[] seed() {
        try {
            return Files.readAllBytes(BadFixtureCorpusIT.GOOD);
        } catch (IOException e) {
            throw new IllegalStateException("the good fixture the mangling starts from", e);
        }
    }

    /** One edit of the seed fixture's bytes, at one place. */
    private record Edit(int at, int length, byte[] replacement) {
        byte[] applyTo(byte[] text) {
            int from = Math.min(at, text.length);
            int to = Math.min(from + length, text.length);
            byte[] edited = Arrays.copyOf(text, text.length - (to - from) + replacement.length);
            System.arraycopy(replacement, 0, edited, from, replacement.length);
            System.arraycopy(text, to, edited, from + replacement.length, text.length - to);
            return edited;
        }
    }

    private static Gen<byte[]> mangled() {
        Gen<Byte> spare = Generate.pick(SPARE_BYTES.chars().mapToObj(c -> (byte) c).toList())
                .mix(Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
        Gen<Edit> edits = integers().between(0, SEED.length).zip(
                integers().between(0, 12),
                Generate.byteArrays(integers().between(0, 6), spare),
                Edit::new);
        Gen<byte[]> edited = lists().of(edits).ofSizeBetween(1, 4).map(list -> {
            byte[] text = SEED;
            for (Edit edit : list) {
                text = edit.applyTo(text);
            }
            return text;
        });
        Gen<byte[]> truncated = integers().between(0, SEED.length).map(n -> Arrays.copyOf(SEED, n));
        return edited.mix(truncated);
    }

    @Test
    void readsOrRefusesOnOneLine() {
        qt().withFixedSeed(20260102L)
                .withExamples(2000)
                .forAll(mangled())
                .describedAs(content -> new String(content, StandardCharsets.UTF_8))
                .checkAssert(MangledFixtureTest::readOrRefuseOnOneLine);
    }

    private static void readOrRefuseOnOneLine(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        try {
            new FixtureReader().read(SOURCE, content);
        } catch (InvalidFixtureException e) {
            String message = e.getMessage();
            assertTrue(message.startsWith(SOURCE + ": "), message + "\nfor:\n" + text);
            assertFalse(message.contains("\n") || message.contains("\r"), message + "\nfor:\n" + text);
            assertFalse(message.contains("[Source:") || message.contains("(code "), message + "\nfor:\n" + text);
        }
    }
}
