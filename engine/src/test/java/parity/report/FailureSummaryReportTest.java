package parity.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import parity.api.Implementation;
import parity.api.Tensor;
import parity.api.Tolerance;
import parity.compare.FixtureComparison;
import parity.compare.PairComparison;
import parity.compare.TensorDiff;

/** Both reports open a failing fixture with the summary of its failure message, the JSON one as fields. */
class FailureSummaryReportTest {

    private static final Tolerance TOLERANCE = new Tolerance(1e-7, 1e-7);
    private static final Implementation CORE = Implementation.of("core", "hand-written", f -> null);
    private static final Implementation REFERENCE = Implementation.of("reference", "autograd", f -> null);

    /** dW2 twice the reference's, everything else agreeing: dW_2's own rule. */
    private static final FixtureComparison FAILING = FixtureComparison.of("demo", null, new PairComparison(CORE,
            REFERENCE, TOLERANCE, List.of(same("loss"), same("dW1"), same("db1"),
                    TensorDiff.of("dW2", Tensor.vector(2), Tensor.vector(1), TOLERANCE), same("db2"))));

    @Test
    void theJsonReportGivesTheSummaryRightAfterTheStatus() throws IOException {
        StringWriter out = new StringWriter();
        JsonReport.write(List.of(FAILING), out);
        JsonNode fixture = new ObjectMapper().readTree(out.toString()).get("fixtures").get(0);

        List<String> fields = new ArrayList<>();
        fixture.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("name", "source", "status", "summary", "pairs"), fields);
        assertEquals("{\"verdict\":\"core and the reference disagree; finite differences run on float64 fixtures "
                + "only: no third oracle tells which is wrong\","
                + "\"brokenRule\":\"dW_2 = δ_2ᵀ·a_1 + λ·W_2 (the product or the L2 term)\","
                + "\"rules\":[{\"rule\":\"dW_l = δ_lᵀ·a_{l-1} + λ·W_l\",\"layer\":2,"
                + "\"at\":\"dW_2 = δ_2ᵀ·a_1 + λ·W_2 (the product or the L2 term)\"}],"
                + "\"firstDivergence\":\"dW2 (layer 2, backward); forward pass not compared\","
                + "\"failingTensors\":[{\"pair\":\"core ↔ reference\",\"failing\":1,\"of\":5}]}",
                fixture.get("summary").toString());
    }

    @Test
    void theMarkdownReportOpensTheFixtureWithTheSummaryAndEndsWithTheDetails() throws IOException {
        StringWriter out = new StringWriter();
        MarkdownReport.write(List.of(FAILING), out);
        String section = out.toString().substring(out.toString().indexOf("## demo: FAIL"));

        assertTrue(section.startsWith("""
                ## demo: FAIL

                Source: `demo`

                ```text
                demo: FAIL
                  verdict: core and the reference disagree; finite differences run on float64 fixtures only: \
                no third oracle tells which is wrong
                  broken rule: dW_2 = δ_2ᵀ·a_1 + λ·W_2 (the product or the L2 term)
                  first divergence: dW2 (layer 2, backward); forward pass not compared
                  failing tensors: core ↔ reference 1 of 5
                ```

                ### core ↔ reference: FAIL"""), section);
        assertTrue(section.endsWith("""
                ```text
                core ↔ reference: allowed |a - b| <= atol + rtol * |b| with rtol 1.0E-7, atol 1.0E-7; \
                a = core (hand-written), b = reference (autograd)
                  dW2: 1 / 1 elements out of tolerance
                    greatest absolute difference 1.0 at [0]: core 2.0, reference 1.0
                    greatest relative difference 1.0 at [0]: core 2.0, reference 1.0
                    smallest rtol that would pass at atol 1.0E-7: 0.9999999
                ```
                """), section);
    }

    private static TensorDiff same(String name) {
        return TensorDiff.of(name, Tensor.vector(1), Tensor.vector(1), TOLERANCE);
    }
}
