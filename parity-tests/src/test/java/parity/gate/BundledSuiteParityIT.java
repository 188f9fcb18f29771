package parity.gate;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import parity.compare.Implementations;
import parity.junit.ParitySuite;

/**
 * The gate: core, found by name in the registry, checked on every bundled fixture through the public
 * JUnit API exactly as a user checks their own network (README: Check your own network). One container
 * per fixture, one test per pair and tensor (core ↔ reference, and on float64 fixtures core ↔ numeric
 * and reference ↔ numeric), one per training run; the reports land in {@code target/parity-reports/}
 * before any test asserts.
 */
class BundledSuiteParityIT {

    static final Path REPORT_DIR = Path.of("target", "parity-reports");

    @TestFactory
    Stream<DynamicNode> bundledSuite() {
        return ParitySuite.bundled().reportsTo(REPORT_DIR).dynamicTests(Implementations.named("core"));
    }
}
