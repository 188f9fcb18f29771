package parity.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file written whole or not at all: the rule every report write relies on. */
class AtomicFileTest {

    @TempDir
    Path dir;

    @Test
    void aWriteThatFailsHalfWayLeavesThePreviousFileAndNoTemporaryOne() throws IOException {
        Path target = Files.writeString(dir.resolve("parity-report.json"), "the previous report\n");

        IOException failure = assertThrows(IOException.class, () -> AtomicFile.prepare(target, out -> {
            out.write("{\"format\": \"parity-report/2\", \"fixtures\": [".repeat(1000));
            out.flush();
            throw new IOException("No space left on device");
        }));

        assertEquals("No space left on device", failure.getMessage());
        assertEquals("the previous report\n", Files.readString(target));
        assertEquals(List.of("parity-report.json"), names());
    }

    @Test
    void aCommittedWriteReplacesTheFileWholeAndLeavesNoTemporaryOne() throws IOException {
        Path target = Files.writeString(dir.resolve("parity-report.md"), "old");

        Path prepared = AtomicFile.prepare(target, out -> out.write("new, and whole\n"));
        assertEquals("old", Files.readString(target), "nothing may change before the commit");
        AtomicFile.commit(prepared, target);

        assertEquals("new, and whole\n", Files.readString(target));
        assertEquals(List.of("parity-report.md"), names());
    }

    /** A report gets the permissions any new file gets here (the umask's), not a temporary file's 0600. */
    @Test
    void theReportHasTheSamePermissionsAsAnyNewFile() throws IOException {
        Path target = dir.resolve("parity-report.json");
        AtomicFile.commit(AtomicFile.prepare(target, out -> out.write("{}")), target);
        Path plain = Files.createFile(dir.resolve("plain"));

        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
