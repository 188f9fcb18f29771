package parity.bugs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.NodeList;
import parity.api.DType;
import parity.compare.ErrorMap;
import parity.compare.FailureMessage;
import parity.compare.FixtureComparison;
import parity.compare.PairComparison;
import parity.compare.ParityCheck;
import parity.compare.Status;
import parity.compare.TensorDiff;
import parity.compare.TrajectoryComparison;
import parity.fixtures.BundledSuite;
import parity.fixtures.FixtureSource;
import parity.report.ParityReport;
import parity.support.SelfContained;

/**
 * The reports of a run that has something to show: the bundled suite with core's tanh derivative
 * written as 1 - a (failing fixtures, a training run and a float32 one among them), plus one fixture
 * that cannot be read.
 * The HTML report has a section per fixture, a heatmap with its worst element marked per failing tensor,
 * a chart per training run marking the first failing step, float32 pairs under the rounding bound, and
 * nothing it would fetch from elsewhere; it stays within 2 MB. The JUnit XML report is valid against
 * Surefire's schema and carries exactly the gate's messages. The reports stay in
 * {@code target/broken-core-report/}, and those of one of its fixtures, a training run that fails in
 * its gradients too, in {@code target/broken-core-report/one-fixture/}: the page that
 * {@code tools/screenshot-report.sh} photographs for docs/reports.md.
 */
class BrokenCoreReportIT {

    static final Path REPORTS = Path.of("target", "broken-core-report");
    private static final List<String> PHOTOGRAPHED = List.of("deep-tanh-sgd");
    private static final BackpropBug BUG = BackpropBug.TANH_DERIVATIVE_ONE_MINUS_A;
    private static final Path BAD_FIXTURE = Path.of("src", "test", "resources", "bad-fixtures", "nan-l2.json");

    private static List<FixtureComparison> comparisons;
    private static Document html;

    @BeforeAll
    static void checkTheBrokenCoreAndWriteTheReports() throws IOException {
        List<FixtureSource> sources = new ArrayList<>(BundledSuite.sources());
        sources.add(FixtureSource.file(BAD_FIXTURE));
        comparisons = ParityCheck.of(BUG.implementation()).check(sources);
        ParityReport.write(comparisons, REPORTS);
        ParityReport.write(PHOTOGRAPHED.stream().map(name -> comparisons.stream()
                .filter(c -> c.name().equals(name)).findFirst().orElseThrow()).toList(), REPORTS.resolve("one-fixture"));
        html = Jsoup.parse(REPORTS.resolve(ParityReport.HTML_FILE).toFile(), "UTF-8");
    }

    @Test
    void theRunHasFailuresTrainingFailuresAndAnError() {
        for (String name : PHOTOGRAPHED) {
            FixtureComparison shown = comparisons.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
            assertFalse(shown.primary().passed() || shown.training().passed(),
                    name + " fails in its gradients and in training, for docs/reports.md's screenshot");
        }
        assertTrue(count(Status.FAIL) >= 4, "fixtures failing: " + count(Status.FAIL));
        assertEquals(1, count(Status.ERROR));
        assertTrue(comparisons.stream().anyMatch(c -> c.training() != null && !c.training().passed()),
                "a training run fails");
    }

    @Test
    void theSummaryListsTheFailingFixturesFirstWithTheirBrokenRuleDivergenceAndVerdict() {
        Element attention = html.selectFirst("section.attention");
        assertNotNull(attention, "the failing fixtures' list at the top");
        assertTrue(attention.elementSiblingIndex() < html.selectFirst("section.fixture").elementSiblingIndex());
        List<String> listed = attention.select("dt > a").eachText();
        List<String> expected = new ArrayList<>();
        comparisons.stream().filter(c -> c.status() == Status.FAIL).forEach(c -> expected.add(c.name()));
        comparisons.stream().filter(c -> c.status() == Status.ERROR).forEach(c -> expected.add(c.name()));
        assertEquals(expected, listed);
        String text = attention.text();
        for (FixtureComparison comparison : comparisons) {
            if (comparison.status() == Status.FAIL) {
                assertTrue(text.contains("broken rule: " + FailureMessage.brokenRule(comparison)), comparison.name());
                assertTrue(text.contains("first divergence: " + FailureMessage.firstDivergence(comparison)), comparison.name());
                assertTrue(text.contains("verdict: " + FailureMessage.verdict(comparison)), comparison.name());
            } else if (comparison.status() == Status.ERROR) {
                assertTrue(text.contains(comparison.error()), comparison.error());
            }
        }
        assertEquals(html.selectFirst("p.summary").text(), parity.report.Summary.of(comparisons));
    }

    @Test
    void everyFixtureHasItsSection() {
        Elements sections = html.select("section.fixture");
        assertEquals(comparisons.stream().map(FixtureComparison::name).toList(), sections.eachAttr("data-fixture"));
        for (int i = 0; i < comparisons.size(); i++) {
            assertEquals(comparisons.get(i).status().name(), sections.get(i).attr("data-status"));
        }
    }

    /** Every tensor out of tolerance whose shapes agree has a heatmap whose outline sits on its greatest ratio. */
    @Test
    void everyFailingTensorHasAHeatmapWithItsWorstElementMarked() {
        int checked = 0;
        for (int i = 0; i < comparisons.size(); i++) {
            FixtureComparison comparison = comparisons.get(i);
            Element section = html.select("section.fixture").get(i);
            for (int j = 0; j < comparison.pairs().size(); j++) {
                PairComparison pair = comparison.pairs().get(j);
                Element shown = section.select("div.pair").get(j);
                assertEquals(pair.label(), shown.attr("data-pair"));
                List<TensorDiff> tensors = new ArrayList<>(pair.forward());
                tensors.addAll(pair.tensors());
                for (TensorDiff tensor : tensors) {
                    if (tensor.passed() || tensor.errors() == null) {
                        continue;
                    }
                    ErrorMap map = tensor.errors();
                    Element figure = shown.select("figure.heatmap[data-status=FAIL]").stream()
                            .filter(f -> f.attr("data-tensor").equals(tensor.tensor()) && marked(f, map))
                            .findFirst().orElse(null);
                    assertNotNull(figure, comparison.name() + " " + pair.label() + " " + tensor.tensor()
                            + ": no heatmap marking " + map.largest().index());
                    Element worst = figure.selectFirst("g.worst");
                    String title = worst.selectFirst("title").text();
                    assertTrue(title.contains(pair.candidate().name() + " " + map.largest().candidate())
                            && title.contains(pair.reference().name() + " " + map.largest().reference()), title);
                    Element outline = worst.selectFirst("rect");
                    assertEquals(map.largestCol() / map.blockCols(), Integer.parseInt(outline.attr("x")));
                    assertEquals(map.largestRow() / map.blockRows(), Integer.parseInt(outline.attr("y")));
                    assertTrue(figure.select("path[fill=#a50f15], path[fill=#de2d26], path[fill=#fb6a4a], "
                            + "path[fill=#fc9272]").size() > 0, "a failing tensor shows red cells");
                    checked++;
                }
            }
        }
        assertTrue(checked >= 20, "failing tensors checked: " + checked);
    }

    @Test
    void aPassingFixtureShowsNoRedCell() {
        int i = indexOf(Status.PASS);
        Element section = html.select("section.fixture").get(i);
        assertFalse(section.select("figure.heatmap").isEmpty());
        assertTrue(section.select("figure.heatmap path[fill=#a50f15], figure.heatmap path[fill=#de2d26], "
                + "figure.heatmap path[fill=#fb6a4a], figure.heatmap path[fill=#fc9272]").isEmpty());
    }

    @Test
    void everyTrainingRunHasAChartMarkingItsFirstFailingStep() {
        int charts = 0;
        for (int i = 0; i < comparisons.size(); i++) {
            FixtureComparison comparison = comparisons.get(i);
            Element section = html.select("section.fixture").get(i);
            if (comparison.training() == null) {
                assertTrue(section.select("svg.training").isEmpty());
                continue;
            }
            Element chart = section.selectFirst("svg.training");
            assertNotNull(chart, comparison.name());
            assertEquals(3, chart.select("polyline").size(), "abs, rel and the tolerance line");
            Element first = chart.selectFirst("g.first-failing");
            if (comparison.training().passed()) {
                assertEquals(null, first);
            } else {
                assertEquals(String.valueOf(comparison.training().firstFailingStep()), first.attr("data-step"));
                charts++;
            }
        }
        assertTrue(charts >= 1);
    }

    @Test
    void float32FixturesAreCheckedAgainstTheSameNetworkInFloat64UnderTheRoundingBound() {
        int float32 = 0;
        for (int i = 0; i < comparisons.size(); i++) {
            FixtureComparison comparison = comparisons.get(i);
            if (comparison.fixture() == null || comparison.fixture().dtype() != DType.FLOAT32) {
                continue;
            }
            float32++;
            List<String> headings = html.select("section.fixture").get(i).select("div.pair h3").eachText();
            String core = comparison.primary().candidate().name();
            for (String label : List.of(core + " ↔ reference", core + " ↔ reference-float64", "reference ↔ reference-float64")) {
                assertTrue(headings.stream().anyMatch(h -> h.startsWith(label + ": ")
                        && h.contains("(λ·u·√s·S per element (float32 rounding bound")), comparison.name() + ": " + headings);
            }
        }
        assertEquals(8, float32);
    }

    /** Nothing the page would load from elsewhere: no src, no link but to its own anchors, no url( or @import. */
    @Test
    void theReportReferencesNothingOutsideItself() throws IOException {
        assertEquals(List.of(), SelfContained.externalReferences(
                Files.readString(REPORTS.resolve(ParityReport.HTML_FILE), StandardCharsets.UTF_8)));
        assertTrue(html.select("a[href^=#]").size() >= comparisons.size(), "the summary links to the sections");
    }

    @Test
    void theSuitesReportStaysWithinTwoMegabytes() throws IOException {
        long size = Files.size(REPORTS.resolve(ParityReport.HTML_FILE));
        assertTrue(size <= 2_000_000, "index.html is " + size + " bytes");
    }

    @Test
    void theJUnitXmlIsValidAgainstSurefiresSchema() throws Exception {
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        // The schema lives beside the report writer's own tests, in the engine module.
        factory.newSchema(Path.of("../engine/src/test/resources/junit-xml/surefire-test-report.xsd").toFile())
                .newValidator().validate(new StreamSource(REPORTS.resolve(ParityReport.JUNIT_FILE).toFile()));
    }

    /**
     * One case per fixture and pair (the first-step pairs among them), one per training run (each side's
     * against the recorded one too), one error per fixture that could not run.
     */
    @Test
    void theJUnitXmlCarriesExactlyTheGatesMessages() throws Exception {
        org.w3c.dom.Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(REPORTS.resolve(ParityReport.JUNIT_FILE).toFile());
        NodeList cases = xml.getElementsByTagName("testcase");
        List<String> expectedNames = new ArrayList<>();
        List<String> expectedFailures = new ArrayList<>();
        for (FixtureComparison comparison : comparisons) {
            if (comparison.status() == Status.ERROR) {
                expectedNames.add(comparison.name() + " › loads and runs");
                expectedFailures.add("error: " + comparison.error());
            }
            for (PairComparison pair : comparison.pairs()) {
                String name = comparison.name() + " › " + pair.label();
                expectedNames.add(name);
                String message = FailureMessage.test(comparison, name, pair, pair.inDivergenceOrder());
                expectedFailures.add(message == null ? null : "failure: " + message);
            }
            if (comparison.training() != null) {
                String name = comparison.name() + " › training " + (comparison.training().steps().size() - 1) + " steps";
                expectedNames.add(name);
                String message = FailureMessage.trainingTest(comparison, name);
                expectedFailures.add(message == null ? null : "failure: " + message);
            }
            for (TrajectoryComparison run : comparison.recordedTraining()) {
                String name = comparison.name() + " › training " + run.candidate().name() + " ↔ " + run.reference().name();
                expectedNames.add(name);
                String message = FailureMessage.trainingTest(comparison, name, run);
                expectedFailures.add(message == null ? null : "failure: " + message);
            }
        }
        List<String> names = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            org.w3c.dom.Element test = (org.w3c.dom.Element) cases.item(i);
            names.add(test.getAttribute("name"));
            org.w3c.dom.Element outcome = (org.w3c.dom.Element) (test.getElementsByTagName("failure").getLength() > 0
                    ? test.getElementsByTagName("failure").item(0) : test.getElementsByTagName("error").item(0));
            if (outcome == null) {
                failures.add(null);
            } else {
                assertEquals(outcome.getAttribute("message"), outcome.getTextContent(), "attribute and text agree");
                failures.add(outcome.getTagName() + ": " + outcome.getAttribute("message"));
            }
        }
        assertEquals(expectedNames, names);
        assertEquals(expectedFailures, failures);
        assertTrue(failures.stream().filter(f -> f != null && f.startsWith("failure: ")).count() >= 4);
        org.w3c.dom.Element suite = xml.getDocumentElement();
        assertEquals(String.valueOf(cases.getLength()), suite.getAttribute("tests"));
        assertEquals(String.valueOf(failures.stream().filter(f -> f != null && f.startsWith("failure: ")).count()),
                suite.getAttribute("failures"));
        assertEquals("1", suite.getAttribute("errors"));
    }

    private static boolean marked(Element figure, ErrorMap map) {
        Element worst = figure.selectFirst("g.worst");
        return worst != null && worst.attr("data-index").equals(map.largest().index());
    }

    private static long count(Status status) {
        return comparisons.stream().filter(c -> c.status() == status).count();
    }

    private static int indexOf(Status status) {
        for (int i = 0; i < comparisons.size(); i++) {
            if (comparisons.get(i).status() == status) {
                return i;
            }
        }
        throw new AssertionError("no " + status + " fixture");
    }
}
