package parity.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.util.Map;
import parity.api.LossAndGradients;
import parity.api.Tensor;

/** {@code {"loss": x, "gradients": {"dW1": [[…]], "db1": […], …}}}, numbers in full precision. */
public final class GradientsJson {

    private GradientsJson() {
    }

    /**
     * Writes one implementation's loss and gradients, as {@code ./parity gradients} prints them.
     *
     * @param result the loss and gradients
     * @param out where the JSON goes
     * @throws IOException when writing fails
     */
    public static void write(LossAndGradients result, Writer out) throws IOException {
        try (JsonGenerator json = Json.generator(out)) {
            json.writeStartObject();
            json.writeNumberField("loss", result.loss());
            json.writeObjectFieldStart("gradients");
            for (Map.Entry<String, Tensor> gradient : result.gradients().entrySet()) {
                json.writeFieldName(gradient.getKey());
                Json.writeTensor(json, gradient.getValue());
            }
            json.writeEndObject();
            json.writeEndObject();
        }
        out.write('\n');
        out.flush();
    }
}
