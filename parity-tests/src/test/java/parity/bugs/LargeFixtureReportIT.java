package parity.bugs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import parity.api.Fixture;
import parity.api.Implementation;
import parity.compare.FixtureComparison;
import parity.compare.ParityCheck;
import parity.compare.Status;
import parity.fixtures.FixtureReader;
import parity.report.ParityReport;
import parity.support.Core;

/**
 * The HTML report of a 784→512→512→10 network (669,706 parameters, N = 256) stays within 5 MB, whether
 * its heatmaps are rounding noise (core passes: ratios spread over many decades, the most varied and so
 * the largest drawing) or a bug (core's sigmoid derivative taken from z).
 */
class LargeFixtureReportIT {

    private static Fixture fixture;

    @TempDir
    Path dir;

    @BeforeAll
    static void readTheFixture() throws Exception {
        String json = "{\"name\": \"deep-784-512-512-10\", \"dtype\": \"float64\", \"layers\": [784, 512, 512, 10],"
                + " \"activation\": \"sigmoid\", \"loss\": \"softmax_cross_entropy\", \"l2\": 0.5,"
                + " \"init\": {\"seed\": 7, \"scale\": 0.1, \"samples\": 256}}";
        fixture = new FixtureReader().read("deep-784-512-512-10.json", json.getBytes(StandardCharsets.UTF_8));
        assertEquals(669_706L, fixture.parameterCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"core", "broken core"})
    void theReportStaysWithinFiveMegabytes(String which) throws IOException {
        Implementation candidate = which.equals("core") ? Core.IMPLEMENTATION : BackpropBug.SIGMOID_DERIVATIVE_FROM_Z.implementation();
        FixtureComparison comparison = ParityCheck.of(candidate).check(fixture.source(), fixture);
        assertEquals(which.equals("core") ? Status.PASS : Status.FAIL, comparison.status(), comparison::error);
        ParityReport.write(List.of(comparison), dir);
        long size = Files.size(dir.resolve(ParityReport.HTML_FILE));
        System.out.println("LargeFixtureReportIT, " + which + ": index.html " + size + " bytes");
        assertTrue(size <= 5_000_000, "index.html is " + size + " bytes");
    }
}
