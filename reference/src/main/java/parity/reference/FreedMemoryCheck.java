package parity.reference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Checks that a reference forward's backward reads no memory that Java may free before it runs.
 *
 * <p>The hazard, measured: DJL's ops that take a Java number ({@code z.mul(0.01)}, {@code z.div(2)},
 * {@code z.pow(2)}, {@code z.maximum(0)} …) turn the number into a tensor over a direct
 * {@link java.nio.ByteBuffer} (libtorch's {@code from_blob}: no copy) and close that tensor as soon as
 * the op returns. Autograd has saved it for the backward pass, but nothing on the Java side keeps the
 * buffer: if the JVM collects garbage between the forward and the backward, the buffer's memory is
 * freed, and the backward multiplies by whatever is there now. For {@code z.mul(0.01)} in leaky_relu,
 * malloc's free-list pointer read as a double, about 6.9e-310: a slope of 0 instead of 0.01, at random,
 * in about one training run in a few hundred of a long soak.
 *
 * <p>The check runs the forward on a few values on every side of 0, 20 and -20 twice, and between the
 * forward and the backward of the second run it makes the JVM collect garbage until the memory of a
 * probe tensor built the same way (a Java number dropped after use) has been freed. A forward that
 * gives another gradient then reads freed memory (or is not deterministic at all). A forward that
 * keeps its constants alive, such as one made with {@code z.getManager().create(0.01)} (attached to
 * the manager until the step ends), passes. In a JVM whose explicit collections are switched off
 * ({@code -XX:+DisableExplicitGC}) the probe is not freed: the check waits its 5 s and sees nothing.
 */
final class FreedMemoryCheck {

    /** Values on both sides of the kinks of the built-ins (0, softplus's 20) and far from them. */
    static final double[] PROBE = {-25.5, -3.25, -0.75, -0.015625, 0.015625, 0.75, 3.25, 25.5};
    private static final double CANARY = 1234.5;
    /** Not a time limit on a test: how long to wait for the JVM's cleaner before giving up on it. */
    private static final long GIVE_UP_MILLIS = 5_000;

    private FreedMemoryCheck() {
    }

    /**
     * Runs {@code forward} on z = {@code probe}, summed, twice.
     *
     * @param function what the forward computes, for the message: {@code activation "swish"}
     * @throws IllegalArgumentException naming the function when its backward reads freed memory
     */
    static void require(String function, double[] probe, UnaryOperator<NDArray> forward) {
        double[] undisturbed = gradient(probe, forward, false);
        double[] collected = gradient(probe, forward, true);
        if (!Arrays.equals(undisturbed, collected)) {
            throw new IllegalArgumentException("the reference forward of " + function + " gives another "
                    + "gradient when the JVM collects garbage between the forward and the backward ("
                    + Arrays.toString(undisturbed) + ", then " + Arrays.toString(collected) + " at z = "
                    + Arrays.toString(probe) + "): it passes a Java number to a DJL op (such as z.mul(0.01)), whose "
                    + "memory DJL lets go before autograd reads it; make the constant with z.getManager().create(0.01)");
        }
    }

    /** d(Σ f(z))/dz at the probe values, with or without a collection between forward and backward. */
    private static double[] gradient(double[] probe, UnaryOperator<NDArray> forward, boolean collectInBetween) {
        return Autograd.serially(() -> {
            try (NDManager manager = Autograd.engine().newBaseManager()) {
                NDArray z = manager.create(probe);
                z.setRequiresGradient(true);
                try (GradientCollector collector = Autograd.collector()) {
                    NDArray total = forward.apply(z).sum();
                    if (collectInBetween) {
                        collectUntilJavaNumbersAreFreed(manager);
                    }
                    collector.backward(total);
                }
                return z.getGradient().toDoubleArray();
            }
        });
    }

    /**
     * Builds a tensor from a Java number the way DJL's number ops do, keeps a libtorch view of it, drops
     * the Java side, and collects garbage until the view no longer reads the number: the buffer has then
     * been freed, and so have those the forward dropped before it.
     */
    private static void collectUntilJavaNumbersAreFreed(NDManager manager) {
        NDArray number = manager.create(CANARY);
        NDArray view = number.reshape(1);
        number.close();
        long deadline = System.currentTimeMillis() + GIVE_UP_MILLIS;
        while (view.toDoubleArray()[0] == CANARY && System.currentTimeMillis() < deadline) {
            System.gc();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
