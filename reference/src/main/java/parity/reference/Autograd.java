package parity.reference;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Where the reference's libtorch work runs: one call at a time per JVM, on one libtorch thread.
 *
 * <p>One at a time, because DJL allows one PyTorch {@link GradientCollector} open per JVM (a static
 * flag; a second one throws), and tests may call the gate from many threads at once (JUnit's parallel
 * execution, {@code ParityAssertions} in concurrent tests). The lock is fair, so that no thread waits
 * for ever behind the others.
 *
 * <p>One thread, because a sum split across threads can add in another order and change the last bit,
 * and the same fixture must give the same bits in any build. The DJL property
 * {@code ai.djl.pytorch.num_threads} sets libtorch's intra-op count only when the engine starts, and the
 * count is OpenMP's, per calling thread: ND4J, starting after libtorch in the same JVM with
 * {@code OMP_NUM_THREADS} unset, was measured to turn it from 1 to 2 on its own thread, and a new test
 * thread starts with OpenMP's default. So it is set to 1 around every call here, on the calling thread,
 * and the caller's count is put back afterwards.
 */
final class Autograd {

    static final String ENGINE = "PyTorch";

    /**
     * The key a failure names for JUnit's {@code @ResourceLock}, to keep a user's own DJL autograd tests
     * apart from the parity tests should they run concurrently.
     */
    static final String RESOURCE_LOCK = "ai.djl.pytorch.GradientCollector";

    private static final ReentrantLock LOCK = new ReentrantLock(true);

    static {
        // Here, in the one class through which the reference starts the engine (AutogradNetwork, and
        // TorchActivation.of, which runs a forward): before DJL's engine starts.
        // Without this DJL's engine start makes telemetry connections; the gate runs offline.
        System.setProperty("ai.djl.offline", "true");
        // One libtorch thread unless the caller chose otherwise: a sum split across threads adds in
        // another order, and the same fixture must give the same bits in a user's build as in ours.
        System.getProperties().putIfAbsent("ai.djl.pytorch.num_threads", "1");
        System.getProperties().putIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        // DJL logs through SLF4J; a build without a logging provider would get SLF4J's three lines on "no providers"
        // at every run. Its own reports only are quietened, unless the user chose their verbosity; a user's
        // provider, when there is one, logs as it always does: the gate binds none.
        System.getProperties().putIfAbsent("slf4j.internal.verbosity", "ERROR");
    }

    private Autograd() {
    }

    static Engine engine() {
        return Engine.getEngine(ENGINE);
    }

    /** Runs {@code work} while no other thread runs reference work, with libtorch on one thread. */
    static <T> T serially(Supplier<T> work) {
        engine();
        LOCK.lock();
        try {
            int callersThreads = JniUtils.getNumThreads();
            if (callersThreads != 1) {
                JniUtils.setNumThreads(1);
            }
            try {
                return work.get();
            } finally {
                if (callersThreads != 1) {
                    JniUtils.setNumThreads(callersThreads);
                }
            }
        } finally {
            LOCK.unlock();
        }
    }

    /**
     * A gradient collector, within {@link #serially}. Should another one be open all the same, it was
     * opened by code outside the gate (a test of the user's own that runs DJL autograd concurrently),
     * and the failure says so and what to do, instead of DJL's bare "already collecting".
     */
    static GradientCollector collector() {
        boolean gradMode = JniUtils.isGradMode();
        try {
            return engine().newGradientCollector();
        } catch (IllegalStateException e) {
            // DJL turns grad mode on before it finds another collector open, and leaves it on.
            JniUtils.setGradMode(gradMode);
            throw new IllegalStateException("another PyTorch GradientCollector is open in this JVM (DJL allows one at a "
                    + "time): the gate opens its own one by one, so code outside it (a test of yours that runs DJL "
                    + "autograd) collected gradients at the same moment; give that test and the parity tests the same "
                    + "JUnit @ResourceLock(\"" + RESOURCE_LOCK + "\"), or do not run them concurrently", e);
        }
    }
}
