package parity.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.io.Writer;
import parity.api.Tensor;

/**
 * How this project writes JSON: numbers as the shortest text that reads back to the same double
 * (Schubfach, Jackson's fast writer), NaN and ±Infinity as the strings "NaN", "Infinity", "-Infinity".
 */
public final class Json {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private Json() {
    }

    /**
     * A generator that indents objects and keeps arrays of numbers on one line.
     *
     * @param out where the JSON goes; not closed with the generator
     * @return the generator
     * @throws IOException when Jackson cannot make it
     */
    public static JsonGenerator generator(Writer out) throws IOException {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(DefaultPrettyPrinter.FixedSpaceIndenter.instance);
        return FACTORY.createGenerator(out).setPrettyPrinter(printer);
    }

    /**
     * A scalar as a number, a vector as an array, a matrix as an array of rows; NaN, which marks an
     * element that was not computed (finite differences skip some), as null.
     *
     * @param json the generator
     * @param tensor the tensor
     * @throws IOException when writing fails
     */
    public static void writeTensor(JsonGenerator json, Tensor tensor) throws IOException {
        if (tensor.rank() == 0) {
            writeNumber(json, tensor.get(0));
        } else if (tensor.rank() == 1) {
            writeNumbers(json, tensor.data());
        } else {
            json.writeStartArray();
            for (double[] row : tensor.rows()) {
                writeNumbers(json, row);
            }
            json.writeEndArray();
        }
    }

    /**
     * A shape as an array of numbers: {@code [5, 4]}, {@code []} for a scalar.
     *
     * @param json the generator
     * @param shape the shape
     * @throws IOException when writing fails
     */
    public static void writeShape(JsonGenerator json, int[] shape) throws IOException {
        json.writeArray(shape, 0, shape.length);
    }

    private static void writeNumbers(JsonGenerator json, double[] values) throws IOException {
        json.writeStartArray();
        for (double value : values) {
            writeNumber(json, value);
        }
        json.writeEndArray();
    }

    private static void writeNumber(JsonGenerator json, double value) throws IOException {
        if (Double.isNaN(value)) {
            json.writeNull();
        } else {
            json.writeNumber(value);
        }
    }
}
