package parity.core;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import parity.api.DType;
import parity.api.Tensor;

/**
 * Conversion between the fixtures' {@link Tensor} and ND4J arrays. Both directions copy the values in
 * bulk, in Java, once: ND4J's element-wise {@code asDouble()} and {@code castTo} cost more than a
 * forward pass at the sizes the benchmarks time.
 */
public final class Nd4jTensors {

    private Nd4jTensors() {
    }

    public static DataType dataType(DType dtype) {
        return dtype == DType.FLOAT32 ? DataType.FLOAT : DataType.DOUBLE;
    }

    /** The tensor as a row-major array of {@code dataType}; to float32 by Java's round-to-nearest cast. */
    public static INDArray toArray(Tensor tensor, DataType dataType) {
        long[] shape = Arrays.stream(tensor.shape()).asLongStream().toArray();
        double[] values = tensor.data();
        if (dataType == DataType.FLOAT) {
            float[] narrowed = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                narrowed[i] = (float) values[i];
            }
            return Nd4j.create(narrowed, shape, 'c');
        }
        return Nd4j.create(values, shape, 'c');
    }

    /** A tensor of the array's values (float64 or float32) widened to double, in row-major order. */
    public static Tensor toTensor(INDArray array) {
        int[] shape = Arrays.stream(array.shape()).mapToInt(Math::toIntExact).toArray();
        INDArray rowMajor = array.isView() || array.ordering() != 'c' ? array.dup('c') : array;
        int offset = Math.toIntExact(rowMajor.offset());
        double[] values = new double[Math.toIntExact(rowMajor.length())];
        if (rowMajor.dataType() == DataType.FLOAT) {
            FloatBuffer floats = rowMajor.data().asNioFloat();
            for (int i = 0; i < values.length; i++) {
                values[i] = floats.get(offset + i);
            }
        } else {
            DoubleBuffer doubles = rowMajor.data().asNioDouble();
            doubles.position(offset);
            doubles.get(values);
        }
        return new Tensor(shape, values);
    }
}
