package parity.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;

/**
 * Writes a file whole or not at all. The content goes to a temporary file in the target's own
 * directory ({@code .NAME.RANDOM.partial}: hidden, and named so that nobody takes it for a report),
 * is forced to the disk, and only then renamed over the target in one atomic step (a rename within one
 * directory, so within one file system). Whatever happens before the rename (a full disk, an I/O error,
 * an exception while rendering, the JVM stopping), the target is untouched: the previous file, or none.
 *
 * <p>A temporary file is deleted when the write fails, and by a shutdown hook when the JVM stops on a
 * signal (SIGTERM, SIGINT) while it is being written, so a killed run leaves no {@code .partial} file
 * behind. Only SIGKILL, which runs no code at all, can leave one; it is still never the report itself.
 */
final class AtomicFile {

    /** What goes into the file. */
    @FunctionalInterface
    interface Content {
        void writeTo(Writer out) throws IOException;
    }

    /**
     * Guards {@link #inFlight} and {@link #stopping}. A temporary file is created and registered, and
     * renamed into place, under this lock, and the shutdown hook deletes the registered files under it:
     * so a file is either created before the hook runs (and deleted by it) or not at all, and no rename
     * happens once the hook has run. Without it a thread held up between creating its file and
     * registering it (a busy machine, a GC pause) left a {@code .partial} file behind a SIGTERM.
     */
    private static final Object LOCK = new Object();
    private static final Set<Path> inFlight = new HashSet<>();
    private static boolean stopping;
    private static final SecureRandom RANDOM = new SecureRandom();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(AtomicFile::deleteInFlight, "parity-report-cleanup"));
    }

    private AtomicFile() {
    }

    /**
     * A temporary file beside {@code target}, with the content in full and on disk; {@link #commit}
     * moves it into place, {@link #discard} removes it. Nothing of {@code target} changes here.
     */
    static Path prepare(Path target, Content content) throws IOException {
        Path temporary = target.resolveSibling("." + target.getFileName() + "." + Long.toUnsignedString(
                RANDOM.nextLong(), 36) + ".partial");
        // CREATE_NEW, not Files.createTempFile: a new file gets the permissions the umask gives any file
        // (the report stays readable by others, as before), and an existing file is never taken over.
        FileChannel channel;
        synchronized (LOCK) {
            if (stopping) {
                throw new IOException("the JVM is stopping: " + target + " not written");
            }
            channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            inFlight.add(temporary);
        }
        boolean written = false;
        try {
            try (channel) {
                Writer out = Channels.newWriter(channel, StandardCharsets.UTF_8);
                content.writeTo(out);
                out.flush();
                // On disk before the rename: otherwise a crash soon after could leave the new name
                // pointing at a file whose data never reached the disk (an empty or short report).
                channel.force(true);
            }
            written = true;
        } finally {
            if (!written) {
                discard(temporary);
            }
        }
        return temporary;
    }

    /** Renames a prepared file over {@code target} in one step; on failure the temporary file is removed. */
    static void commit(Path temporary, Path target) throws IOException {
        try {
            synchronized (LOCK) {
                if (stopping) {
                    throw new IOException("the JVM is stopping: " + target + " not replaced");
                }
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            discard(temporary);
        }
    }

    /** Removes a prepared file that will not be committed; a no-op once it was committed. */
    static void discard(Path temporary) {
        synchronized (LOCK) {
            delete(temporary);
            inFlight.remove(temporary);
        }
    }

    /** The shutdown hook: no file is created or renamed from now on, and those being written go. */
    private static void deleteInFlight() {
        synchronized (LOCK) {
            stopping = true;
            inFlight.forEach(AtomicFile::delete);
            inFlight.clear();
        }
    }

    private static void delete(Path temporary) {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            // Nothing better to do: the name says it is partial, and it is not the report.
        }
    }
}
