package parity.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.util.Map;
import parity.api.Tensor;
import parity.api.Trajectory;

/** {@code {"losses": [l0, l1, …], "params": {"W1": [[…]], …}}}: params after the last step. */
public final class TrajectoryJson {

    private TrajectoryJson() {
    }

    /**
     * Writes one implementation's training run, as {@code ./parity train} prints it.
     *
     * @param trajectory the run
     * @param out where the JSON goes
     * @throws IOException when writing fails
     */
    public static void write(Trajectory trajectory, Writer out) throws IOException {
        try (JsonGenerator json = Json.generator(out)) {
            json.writeStartObject();
            json.writeArrayFieldStart("losses");
            for (double loss : trajectory.losses()) {
                json.writeNumber(loss);
            }
            json.writeEndArray();
            json.writeObjectFieldStart("params");
            for (Map.Entry<String, Tensor> param : trajectory.finalParams().entrySet()) {
                json.writeFieldName(param.getKey());
                Json.writeTensor(json, param.getValue());
            }
            json.writeEndObject();
            json.writeEndObject();
        }
        out.write('\n');
        out.flush();
    }
}
