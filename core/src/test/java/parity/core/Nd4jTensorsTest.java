package parity.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import parity.api.Tensor;
import parity.core.Nd4jTensors;

/**
 * Core's conversions copy in bulk straight from ND4J's buffer, which is only the tensor's row-major
 * order for a c-ordered array that is not a view: every other array must be copied into that order
 * first. Each case reads back element by element what ND4J itself says the array holds.
 */
class Nd4jTensorsTest {

    private static final double[][] ROWS = {{1.5, -2.25, 3.125}, {4e-3, 5e10, -6.0}, {7.0, 8.5, 0.1}};

    @Test
    void aFortranOrderedArrayComesOutRowMajor() {
        INDArray array = Nd4j.create(ROWS).dup('f');
        assertArrayEquals(elements(array), Nd4jTensors.toTensor(array).data());
    }

    @Test
    void aColumnSliceComesOutAsItsOwnElements() {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            INDArray slice = Nd4j.create(ROWS).castTo(type).get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3));
            assertArrayEquals(elements(slice), Nd4jTensors.toTensor(slice).data(), type.toString());
        }
    }

    @Test
    void aRowSliceStartsAtItsOffset() {
        INDArray slice = Nd4j.create(ROWS).get(NDArrayIndex.interval(1, 3), NDArrayIndex.all());
        assertArrayEquals(elements(slice), Nd4jTensors.toTensor(slice).data());
    }

    @Test
    void float32IsJavasRoundToNearestBothWays() {
        Tensor tensor = Tensor.matrix(ROWS);
        INDArray array = Nd4jTensors.toArray(tensor, DataType.FLOAT);
        double[] expected = new double[9];
        for (int i = 0; i < 9; i++) {
            expected[i] = (float) ROWS[i / 3][i % 3];
        }
        assertArrayEquals(expected, elements(array));
        assertArrayEquals(expected, Nd4jTensors.toTensor(array).data());
    }

    private static double[] elements(INDArray matrix) {
        double[] values = new double[(int) matrix.length()];
        for (int r = 0; r < matrix.rows(); r++) {
            for (int c = 0; c < matrix.columns(); c++) {
                values[r * (int) matrix.columns() + c] = matrix.getDouble(r, c);
            }
        }
        return values;
    }
}
