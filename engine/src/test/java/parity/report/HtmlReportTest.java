package parity.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import parity.api.Implementation;
import parity.api.Tensor;
import parity.api.Tolerance;
import parity.compare.FixtureComparison;
import parity.compare.PairComparison;
import parity.compare.TensorDiff;

/** The HTML report's drawing, on comparisons made of fixed numbers (no engine). */
class HtmlReportTest {

    private static final Tolerance TOLERANCE = new Tolerance(1e-3, 1e-6);
    private static final Implementation CORE = Implementation.of("core", "hand-written", f -> null);
    private static final Implementation REFERENCE = Implementation.of("reference", "autograd", f -> null);

    /** dW1 2×3: exact, ratio ≈ 0.5 (within), ratio ≈ 5 (out), ratio ≈ 5e3 (far out), NaN, exact. */
    private static final TensorDiff DW1 = TensorDiff.of("dW1",
            Tensor.matrix(new double[][] {{1, 1 + 0.5 * (1e-6 + 1e-3), 1 + 5 * (1e-6 + 1e-3)}, {1 + 5e3 * (1e-6 + 1e-3), Double.NaN, 7}}),
            Tensor.matrix(new double[][] {{1, 1, 1}, {1, 1, 7}}), TOLERANCE);

    /** A run that the rows below repeat exactly is one rectangle; a longer or shorter run below is not. */
    @Test
    void runsRepeatedDownTheRowsAreOneRectangle() throws IOException {
        TensorDiff dW2 = TensorDiff.of("dW2", Tensor.matrix(new double[][] {{1, 1}, {1, 1}, {1, 9}, {1, 9}, {1, 1}}),
                Tensor.matrix(new double[][] {{1, 1}, {1, 1}, {1, 1}, {1, 1}, {1, 1}}), TOLERANCE);
        Element svg = render(List.of(comparison("demo", dW2))).selectFirst("figure.heatmap[data-tensor=dW2] svg");
        assertEquals("M0 0h2v2h-2zM0 2h1v2h-1zM0 4h2v1h-2z", path(svg, "#ffffff"));
        assertEquals("M1 2h1v2h-1z", path(svg, "#a50f15"));
    }

    @Test
    void eachCellIsColouredByItsRatiosDecadeAndTheWorstIsOutlined() throws IOException {
        Element svg = render(List.of(comparison("demo", DW1))).selectFirst("figure.heatmap[data-tensor=dW1] svg");
        assertEquals("0 0 3 2", svg.attr("viewBox"));
        assertEquals("M0 0h1v1h-1zM2 1h1v1h-1z", path(svg, "#ffffff"), "exact: white");
        assertEquals("M1 0h1v1h-1z", path(svg, "#08306b"), "0.1 < r <= 1: the darkest blue");
        assertEquals("M2 0h1v1h-1z", path(svg, "#fc9272"), "1 < r <= 10: the first red");
        assertEquals("M0 1h2v1h-2z", path(svg, "#a50f15"), "r > 1000 and NaN: the darkest red, as one run");
        Element worst = svg.selectFirst("g.worst");
        assertEquals("[1][1]", worst.attr("data-index"), "NaN ranks above every ratio");
        assertEquals("1", worst.selectFirst("rect").attr("x"));
        assertEquals("1", worst.selectFirst("rect").attr("y"));
        assertEquals("dW1 at [1][1]: ratio ∞, core NaN, reference 1.0", worst.selectFirst("title").text());
    }

    @Test
    void theBinsFollowTheRatiosDecadesWithTheToleranceEdgeBetweenOneAndAbove() {
        assertEquals(0, ErrorScale.bin(0));
        assertEquals(1, ErrorScale.bin(1e-300));
        assertEquals(1, ErrorScale.bin(1e-8));
        assertEquals(2, ErrorScale.bin(1.5e-8));
        assertEquals(9, ErrorScale.bin(1));
        assertEquals(ErrorScale.FIRST_FAILING, ErrorScale.bin(Math.nextUp(1.0)));
        assertEquals(13, ErrorScale.bin(Double.POSITIVE_INFINITY));
        assertEquals(13, ErrorScale.bin(Double.NaN));
    }

    @Test
    void textFromAFixtureIsEscapedAndIdsComeFromContent() throws IOException {
        Document html = render(List.of(comparison("<script>x</script>", DW1), comparison("a b", DW1)));
        assertTrue(html.select("script").isEmpty());
        assertEquals(List.of("fixture-1--script-x--script-", "fixture-2-a-b"), html.select("section.fixture").eachAttr("id"));
        assertEquals("<script>x</script>", html.selectFirst("section.fixture").attr("data-fixture"));
    }

    @Test
    void shapesThatDifferAreSaidInsteadOfDrawn() throws IOException {
        TensorDiff db1 = TensorDiff.of("db1", Tensor.vector(1, 2), Tensor.vector(1, 2, 3), TOLERANCE);
        Element figure = render(List.of(comparison("demo", db1))).selectFirst("figure.heatmap[data-tensor=db1]");
        assertTrue(figure.select("svg").isEmpty());
        assertEquals("shape 2 from core, 3 from reference", figure.selectFirst("p.nomap").text());
    }

    private static FixtureComparison comparison(String name, TensorDiff tensor) {
        TensorDiff loss = TensorDiff.of("loss", Tensor.scalar(1), Tensor.scalar(1), TOLERANCE);
        return FixtureComparison.of(name, null, new PairComparison(CORE, REFERENCE, TOLERANCE, List.of(loss, tensor)));
    }

    private static Document render(List<FixtureComparison> comparisons) throws IOException {
        StringWriter out = new StringWriter();
        HtmlReport.write(comparisons, out);
        return Jsoup.parse(out.toString());
    }

    private static String path(Element svg, String fill) {
        Element path = svg.selectFirst("path[fill=" + fill + "]");
        return path == null ? null : path.attr("d");
    }
}
