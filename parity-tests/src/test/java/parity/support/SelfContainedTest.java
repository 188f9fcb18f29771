package parity.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The check that keeps the HTML report self-contained can fail: each way of fetching is reported. */
class SelfContainedTest {

    @Test
    void aPageWithAnchorsAndInlineSvgOnlyIsSelfContained() {
        assertEquals(List.of(), SelfContained.externalReferences(
                "<style>p{color:red}</style><a href=\"#fixture-1-x\">x</a><svg viewBox=\"0 0 1 1\"><path d=\"M0 0h1\"/></svg>"));
    }

    @Test
    void everyWayOfFetchingIsReported() {
        assertEquals(List.of("img src=x.png", "<img>"), SelfContained.externalReferences("<img src=\"x.png\">"));
        assertEquals(List.of("link href=s.css", "<link>"), SelfContained.externalReferences("<link rel=stylesheet href=\"s.css\">"));
        assertEquals(List.of("a href=other.html"), SelfContained.externalReferences("<a href=\"other.html\">x</a>"));
        assertEquals(List.of("<script>"), SelfContained.externalReferences("<script>fetch('x')</script>"));
        assertEquals(List.of("url("), SelfContained.externalReferences("<p style=\"background:URL(x.png)\">"));
        assertEquals(List.of("@import"), SelfContained.externalReferences("<style>@import 'x.css';</style>"));
        assertEquals(List.of("https:"), SelfContained.externalReferences("<p>see https://example.org</p>"));
    }
}
