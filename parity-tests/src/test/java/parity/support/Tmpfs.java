package parity.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A tmpfs of a given size mounted on a directory: a real file system that fills up, so that a write
 * past its size fails with ENOSPC ("No space left on device") part-way through a file. Mounting needs
 * root and a kernel and container that allow it; {@link #mount} says why when it cannot.
 */
public final class Tmpfs implements AutoCloseable {

    private final Path directory;

    private Tmpfs(Path directory) {
        this.directory = directory;
    }

    /** The outcome of trying to mount: the mount, or the reason there is none. */
    public record Attempt(Tmpfs tmpfs, String reason) {
    }

    /** Mounts a tmpfs of {@code size} (as mount takes it: {@code 64k}) on the existing {@code directory}. */
    public static Attempt mount(Path directory, String size) throws IOException, InterruptedException {
        Command result = Command.run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", directory.toString());
        if (result.exit() != 0) {
            return new Attempt(null, "cannot mount a tmpfs here (mount exit " + result.exit() + ": "
                    + result.output().strip() + ")");
        }
        return new Attempt(new Tmpfs(directory), null);
    }

    public Path directory() {
        return directory;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        Command result = Command.run("umount", directory.toString());
        if (result.exit() != 0) {
            throw new IOException("cannot unmount the tmpfs on " + directory + ": " + result.output().strip());
        }
    }

    private record Command(int exit, String output) {
        static Command run(String... command) throws IOException, InterruptedException {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new Command(-1, String.join(" ", command) + " did not finish");
            }
            return new Command(process.exitValue(), output);
        }
    }
}
