package parity.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import parity.api.Fixture;
import parity.api.Optimizer;
import parity.api.Tolerance;
import parity.api.Training;
import parity.compare.BrokenRule;
import parity.compare.Diagnosis;
import parity.compare.ElementDiff;
import parity.compare.FailureMessage;
import parity.compare.FixtureComparison;
import parity.compare.PairComparison;
import parity.compare.Status;
import parity.compare.StepDiff;
import parity.compare.TensorDiff;
import parity.compare.TrajectoryComparison;
import parity.numeric.SkippedElement;
import parity.rounding.RoundingBound;

/**
 * {@code parity-report.json}: per fixture its status and, when it failed, the summary of its failure
 * message (the verdict, the broken rule, the first divergence, the failing tensors per pair); its dtype
 * and tolerance; per compared pair and
 * tensor its shape, greatest absolute and relative difference with their indices, the worst element,
 * the count compared and out of tolerance, and the smallest rtol that would pass at the pair's atol;
 * the same for the forward intermediates, and the first quantity at which the pair parts;
 * the elements finite differences skipped, with reasons; float32's precision cost; per training step
 * the largest differences. The same input gives the same bytes: no timestamps, fixtures in the order
 * checked.
 */
public final class JsonReport {

    /**
     * The report's {@code format} field: its schema's name and version.
     */
    public static final String FORMAT = "parity-report/2";

    private JsonReport() {
    }

    /**
     * Writes the JSON report of a run.
     *
     * @param comparisons one per fixture, in suite order
     * @param out where the report goes
     * @throws IOException when writing fails
     */
    public static void write(List<FixtureComparison> comparisons, Writer out) throws IOException {
        try (JsonGenerator json = Json.generator(out)) {
            json.writeStartObject();
            json.writeStringField("format", FORMAT);
            json.writeStringField("rule", "|a - b| <= atol + rtol * |b|, b = the pair's reference");
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
        if (comparison.status() == Status.FAIL) {
            writeSummary(json, comparison);
        }
        Fixture fixture = comparison.fixture();
        if (fixture != null) {
            json.writeStringField("dtype", fixture.dtype().jsonName());
            json.writeFieldName("layers");
            Json.writeShape(json, fixture.layers());
            writeTolerance(json, "tolerance", fixture.tolerance());
        }
        if (comparison.error() != null) {
            json.writeStringField("error", comparison.error());
        }
        if (comparison.skippedBecause() != null) {
            json.writeStringField("skippedBecause", comparison.skippedBecause());
        }
        if (comparison.trainingNotCompared()) {
            json.writeStringField("training", "not compared: " + comparison.trainingNotComparedBecause());
        }
        if (comparison.verdict() != null) {
            json.writeStringField("verdict", comparison.verdict());
        }
        writePairs(json, "pairs", comparison.pairs());
        if (!comparison.skipped().isEmpty()) {
            json.writeArrayFieldStart("skipped");
            for (SkippedElement skipped : comparison.skipped()) {
                json.writeStartObject();
                json.writeStringField("tensor", skipped.tensor());
                json.writeStringField("index", skipped.index());
                json.writeStringField("reason", skipped.reason());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        if (comparison.training() != null) {
            json.writeFieldName("training");
            writeTraining(json, comparison.training(), fixture);
        }
        if (!comparison.recordedTraining().isEmpty()) {
            json.writeArrayFieldStart("recordedTraining");
            for (TrajectoryComparison run : comparison.recordedTraining()) {
                writeTraining(json, run, fixture);
            }
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    /** The failure message's summary as fields: the verdict, the broken rule, the first divergence, the counts. */
    private static void writeSummary(JsonGenerator json, FixtureComparison comparison) throws IOException {
        Diagnosis diagnosis = Diagnosis.of(comparison);
        json.writeObjectFieldStart("summary");
        json.writeStringField("verdict", FailureMessage.verdict(comparison));
        json.writeStringField("brokenRule", diagnosis.text());
        json.writeArrayFieldStart("rules");
        for (BrokenRule rule : diagnosis.rules()) {
            json.writeStartObject();
            json.writeStringField("rule", rule.rule().formula());
            json.writeNumberField("layer", rule.layer());
            json.writeStringField("at", rule.text());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeStringField("firstDivergence", FailureMessage.firstDivergence(comparison));
        json.writeArrayFieldStart("failingTensors");
        for (PairComparison pair : comparison.pairs()) {
            json.writeStartObject();
            json.writeStringField("pair", pair.label());
            json.writeNumberField("failing", pair.inDivergenceOrder().stream().filter(t -> !t.passed()).count());
            json.writeNumberField("of", pair.inDivergenceOrder().size());
            json.writeEndObject();
        }
        json.writeEndArray();
        TrajectoryComparison training = comparison.training();
        if (training != null) {
            json.writeObjectFieldStart("failingTrainingSteps");
            json.writeNumberField("failing", training.steps().stream().filter(s -> !s.passed()).count());
            json.writeNumberField("of", training.steps().size());
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    private static void writePairs(JsonGenerator json, String field, List<PairComparison> pairs) throws IOException {
        json.writeArrayFieldStart(field);
        for (PairComparison pair : pairs) {
            json.writeStartObject();
            json.writeStringField("candidate", pair.candidate().name());
            json.writeStringField("reference", pair.reference().name());
            json.writeStringField("status", pair.passed() ? "PASS" : "FAIL");
            writeTolerance(json, "tolerance", pair.tolerance());
            if (pair.bound() != null) {
                json.writeObjectFieldStart("roundingBound");
                json.writeStringField("rule", "|a - b| <= lambda * u * sqrt(sides) * S");
                json.writeNumberField("lambda", RoundingBound.LAMBDA);
                json.writeNumberField("unitRoundoff", RoundingBound.unitRoundoff(pair.bound().dtype()));
                json.writeNumberField("sides", pair.bound().sides());
                json.writeEndObject();
            }
            if (pair.firstDivergence() != null) {
                json.writeStringField("firstDivergence", pair.firstDivergence());
            }
            json.writeArrayFieldStart("tensors");
            for (TensorDiff tensor : pair.tensors()) {
                writeTensor(json, tensor);
            }
            json.writeEndArray();
            if (!pair.forward().isEmpty()) {
                json.writeArrayFieldStart("forward");
                for (TensorDiff tensor : pair.forward()) {
                    writeTensor(json, tensor);
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /** Fields written to a JSON object. */
    private interface Fields {
        void writeTo(JsonGenerator json) throws IOException;
    }

    private static Fields sgdSettings(Optimizer.Sgd sgd) {
        return json -> {
            json.writeNumberField("momentum", sgd.momentum());
            json.writeNumberField("dampening", sgd.dampening());
            json.writeBooleanField("nesterov", sgd.nesterov());
        };
    }

    private static Fields adamSettings(Optimizer.Adam adam) {
        return json -> {
            json.writeArrayFieldStart("betas");
            json.writeNumber(adam.beta1());
            json.writeNumber(adam.beta2());
            json.writeEndArray();
            json.writeNumberField("eps", adam.eps());
            json.writeBooleanField("amsgrad", adam.amsgrad());
        };
    }

    private static void writeTraining(JsonGenerator json, TrajectoryComparison training, Fixture fixture)
            throws IOException {
        json.writeStartObject();
        json.writeStringField("candidate", training.candidate().name());
        json.writeStringField("reference", training.reference().name());
        json.writeStringField("status", training.passed() ? "PASS" : "FAIL");
        json.writeStringField("optimizer", fixture.training().optimizer().jsonName());
        json.writeNumberField("learningRate", fixture.training().learningRate());
        json.writeNumberField("steps", fixture.training().steps());
        Training settings = fixture.training();
        settings.optimizer().match(JsonReport::sgdSettings, JsonReport::adamSettings).writeTo(json);
        json.writeNumberField("weightDecay", settings.optimizer().weightDecay());
        json.writeNumberField("batchSize", settings.batchSize(fixture.samples()));
        json.writeStringField("toleranceAtStep", "rtol·(1 + k), atol·(1 + k)");
        if (training.uncompared() != null) {
            json.writeStringField("uncompared", training.uncompared());
        }
        if (training.firstFailingStep() >= 0) {
            json.writeNumberField("firstFailingStep", training.firstFailingStep());
        } else {
            json.writeNullField("firstFailingStep");
        }
        json.writeArrayFieldStart("perStep");
        for (StepDiff step : training.steps()) {
            json.writeStartObject();
            json.writeNumberField("step", step.step());
            json.writeStringField("status", step.passed() ? "PASS" : "FAIL");
            json.writeNumberField("maxAbsDiff", step.maxAbs());
            json.writeNumberField("maxRelDiff", step.maxRel());
            json.writeNumberField("candidateLoss", step.tensors().get(0).worst().candidate());
            json.writeNumberField("referenceLoss", step.tensors().get(0).worst().reference());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void writeTensor(JsonGenerator json, TensorDiff tensor) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", tensor.tensor());
        json.writeStringField("status", tensor.status());
        json.writeFieldName("shape");
        Json.writeShape(json, tensor.referenceShape());
        if (!tensor.shapesAgree()) {
            json.writeFieldName("candidateShape");
            Json.writeShape(json, tensor.candidateShape());
        }
        json.writeNumberField("size", tensor.size());
        json.writeNumberField("compared", tensor.compared());
        json.writeNumberField("mismatched", tensor.mismatched());
        if (tensor.hasElements()) {
            json.writeNumberField("maxAbsDiff", tensor.maxAbs().abs());
            json.writeStringField("maxAbsIndex", tensor.maxAbs().index());
            json.writeNumberField("maxRelDiff", tensor.maxRel().rel());
            json.writeStringField("maxRelIndex", tensor.maxRel().index());
            writeElement(json, "worst", tensor.worst());
        }
        json.writeNumberField("smallestPassingRtol", tensor.smallestPassingRtol());
        if (tensor.bounded()) {
            // The worst element is then the one farthest into its own allowance.
            json.writeNumberField("worstAllowed", tensor.worstAllowed());
            json.writeNumberField("worstRatio", tensor.errors().largestRatio());
        }
        json.writeEndObject();
    }

    private static void writeTolerance(JsonGenerator json, String field, Tolerance tolerance) throws IOException {
        json.writeObjectFieldStart(field);
        json.writeNumberField("rtol", tolerance.rtol());
        json.writeNumberField("atol", tolerance.atol());
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
