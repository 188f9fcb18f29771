package parity.core;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import parity.fixtures.DType;
import parity.fixtures.Tensor;

/** Conversion between the fixtures' {@link Tensor} and ND4J arrays. */
public final class Nd4jTensors {

    private Nd4jTensors() {
    }

    public static DataType dataType(DType dtype) {
        return dtype == DType.FLOAT32 ? DataType.FLOAT : DataType.DOUBLE;
    }

    public static INDArray toArray(Tensor tensor, DataType dataType) {
        long[] shape = java.util.Arrays.stream(tensor.shape()).asLongStream().toArray();
        return Nd4j.create(tensor.data(), shape, DataType.DOUBLE).castTo(dataType);
    }

    /** A tensor of the array's values widened to double, in row-major order. */
    public static Tensor toTensor(INDArray array) {
        int[] shape = java.util.Arrays.stream(array.shape()).mapToInt(Math::toIntExact).toArray();
        return new Tensor(shape, array.castTo(DataType.DOUBLE).dup('c').data().asDouble());
    }
}
