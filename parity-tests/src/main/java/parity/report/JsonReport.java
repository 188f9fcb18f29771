package parity.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import parity.compare.ElementDiff;
import parity.compare.FixtureComparison;
import parity.compare.Status;
import parity.compare.TensorDiff;
import parity.fixtures.Fixture;

/**
 * {@code parity-report.json}: per fixture its status, dtype and tolerance, and per tensor its shape,
 * greatest absolute and relative difference with their indices, the worst element, the count out of
 * tolerance and the smallest rtol that would pass at the fixture's atol. The same input gives the
 * same bytes: no timestamps, fixtures in the order checked.
 */
public final class JsonReport {

    public static final String FORMAT = "parity-report/1";

    private JsonReport() {
    }

    public static void write(List<FixtureComparison> comparisons, Writer out) throws IOException {
        try (JsonGenerator json = Json.generator(out)) {
            json.writeStartObject();
            json.writeStringField("format", FORMAT);
            if (!comparisons.isEmpty()) {
                FixtureComparison first = comparisons.get(0);
                json.writeStringField("candidate", first.candidate().name() + " (" + first.candidate().description() + ")");
                json.writeStringField("reference", first.reference().name() + " (" + first.reference().description() + ")");
            }
            json.writeStringField("rule", "|a - b| <= atol + rtol * |b|, b = reference");
            json.writeObjectFieldStart("summary");
            json.writeNumberField("fixtures", comparisons.size());
            for (Status status : Status.values()) {
                json.writeNumberField(status.name().toLowerCase(),
                        comparisons.stream().filter(c -> c.status() == status).count());
            }
            json.writeEndObject();
            json.writeArrayFieldStart("fixtures");
            for (FixtureComparison comparison : comparisons) {
                writeFixture(json, comparison);
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        out.write('\n');
    }

    private static void writeFixture(JsonGenerator json, FixtureComparison comparison) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", comparison.name());
        json.writeStringField("source", comparison.source());
        json.writeStringField("status", comparison.status().name());
        Fixture fixture = comparison.fixture();
        if (fixture != null) {
            json.writeStringField("dtype", fixture.dtype().jsonName());
            json.writeFieldName("layers");
            Json.writeShape(json, fixture.layers());
            json.writeObjectFieldStart("tolerance");
            json.writeNumberField("rtol", fixture.tolerance().rtol());
            json.writeNumberField("atol", fixture.tolerance().atol());
            json.writeEndObject();
        }
        if (comparison.error() != null) {
            json.writeStringField("error", comparison.error());
        }
        json.writeArrayFieldStart("tensors");
        for (TensorDiff tensor : comparison.tensors()) {
            writeTensor(json, tensor);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void writeTensor(JsonGenerator json, TensorDiff tensor) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", tensor.tensor());
        json.writeStringField("status", tensor.passed() ? "PASS" : "FAIL");
        json.writeFieldName("shape");
        Json.writeShape(json, tensor.referenceShape());
        if (!tensor.shapesAgree()) {
            json.writeFieldName("candidateShape");
            Json.writeShape(json, tensor.candidateShape());
        }
        json.writeNumberField("size", tensor.size());
        json.writeNumberField("mismatched", tensor.mismatched());
        if (tensor.shapesAgree()) {
            json.writeNumberField("maxAbsDiff", tensor.maxAbs().abs());
            json.writeStringField("maxAbsIndex", tensor.maxAbs().index());
            json.writeNumberField("maxRelDiff", tensor.maxRel().rel());
            json.writeStringField("maxRelIndex", tensor.maxRel().index());
            writeElement(json, "worst", tensor.worst());
        }
        json.writeNumberField("smallestPassingRtol", tensor.smallestPassingRtol());
        json.writeEndObject();
    }

    private static void writeElement(JsonGenerator json, String field, ElementDiff element) throws IOException {
        json.writeObjectFieldStart(field);
        json.writeStringField("index", element.index());
        json.writeNumberField("candidate", element.candidate());
        json.writeNumberField("reference", element.reference());
        json.writeEndObject();
    }
}
