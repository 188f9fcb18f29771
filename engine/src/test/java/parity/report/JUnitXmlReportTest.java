package parity.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import parity.api.Implementation;
import parity.api.Tensor;
import parity.api.Tolerance;
import parity.compare.FailureMessage;
import parity.compare.FixtureComparison;
import parity.compare.PairComparison;
import parity.compare.TensorDiff;

/** The JUnit XML report on comparisons of fixed numbers: valid, and the message kept to the character. */
class JUnitXmlReportTest {

    private static final Tolerance TOLERANCE = new Tolerance(1e-7, 1e-7);
    private static final Implementation CORE = Implementation.of("core", "hand-written", f -> null);
    private static final Implementation REFERENCE = Implementation.of("reference", "autograd <&\"'>", f -> null);
    /** dW2 twice the reference's: a failure message of several lines, with characters XML must escape. */
    private static final FixtureComparison FAILING = FixtureComparison.of("demo", null, new PairComparison(CORE,
            REFERENCE, TOLERANCE, List.of(TensorDiff.of("loss", Tensor.scalar(1), Tensor.scalar(1), TOLERANCE),
                    TensorDiff.of("dW2", Tensor.vector(2), Tensor.vector(1), TOLERANCE))));
    private static final FixtureComparison ERROR = FixtureComparison.error("bad.json", null, "bad.json: l2: not a finite number: NaN");
    private static final FixtureComparison SKIPPED = FixtureComparison.skipped("demo-32", null, "core does not support this fixture");

    @Test
    void isValidAgainstSurefiresSchema() throws Exception {
        validator().validate(new StreamSource(new StringReader(xml(List.of(FAILING, ERROR, SKIPPED)))));
    }

    /** The validation is real: a test case without its required time is refused. */
    @Test
    void theSchemaRefusesATestCaseWithoutTime() {
        String broken = xml(List.of(FAILING)).replace(" time=\"0\">\n    <failure", ">\n    <failure");
        assertThrows(SAXException.class, () -> validator().validate(new StreamSource(new StringReader(broken))));
    }

    @Test
    void theMessageIsTheGatesToTheCharacter() throws Exception {
        Element suite = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(xml(List.of(FAILING, ERROR, SKIPPED))))).getDocumentElement();
        assertEquals("3", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        assertEquals("1", suite.getAttribute("errors"));
        assertEquals("1", suite.getAttribute("skipped"));
        Element failure = (Element) suite.getElementsByTagName("failure").item(0);
        String expected = FailureMessage.test(FAILING, "demo › core ↔ reference", FAILING.primary(),
                FAILING.primary().inDivergenceOrder());
        assertEquals(expected, failure.getAttribute("message"));
        assertEquals(expected, failure.getTextContent());
        assertEquals("demo › core ↔ reference", ((Element) failure.getParentNode()).getAttribute("name"));
        Element error = (Element) suite.getElementsByTagName("error").item(0);
        assertEquals("bad.json: l2: not a finite number: NaN", error.getAttribute("message"));
        assertEquals("bad.json › loads and runs", ((Element) error.getParentNode()).getAttribute("name"));
        Element skipped = (Element) suite.getElementsByTagName("skipped").item(0);
        assertEquals("core does not support this fixture", skipped.getAttribute("message"));
    }

    private static Validator validator() throws SAXException {
        return SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(JUnitXmlReportTest.class.getResource("/junit-xml/surefire-test-report.xsd")).newValidator();
    }

    private static String xml(List<FixtureComparison> comparisons) {
        StringWriter out = new StringWriter();
        try {
            JUnitXmlReport.write(comparisons, out);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toString();
    }
}
