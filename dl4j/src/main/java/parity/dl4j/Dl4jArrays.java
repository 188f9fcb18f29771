package parity.dl4j;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import parity.api.DType;
import parity.api.Fixture;
import parity.api.Targets;
import parity.api.Tensor;

/** Conversions between the fixtures' {@link Tensor} and ND4J arrays of the fixture's dtype. */
final class Dl4jArrays {

    private Dl4jArrays() {
    }

    static DataType dataType(DType dtype) {
        return dtype == DType.FLOAT32 ? DataType.FLOAT : DataType.DOUBLE;
    }

    /** A matrix or vector as a c-ordered array of {@code dataType}; a fixture's values are already rounded to it. */
    static INDArray array(Tensor tensor, DataType dataType) {
        long[] shape = java.util.Arrays.stream(tensor.shape()).asLongStream().toArray();
        return Nd4j.create(tensor.data(), shape, 'c').castTo(dataType);
    }

    /** The targets as DL4J's labels: a one-hot N×D_out matrix of class indices, or the N×D_out values. */
    static INDArray labels(Targets targets, int outputs, DataType dataType) {
        if (targets instanceof Targets.ClassLabels classes) {
            int[] labels = classes.labels();
            double[][] oneHot = new double[labels.length][outputs];
            for (int n = 0; n < labels.length; n++) {
                oneHot[n][labels[n]] = 1;
            }
            return Nd4j.create(oneHot).castTo(dataType);
        }
        return array(((Targets.Values) targets).values(), dataType);
    }

    static INDArray inputs(Fixture fixture) {
        return array(fixture.inputs(), dataType(fixture.dtype()));
    }

    static INDArray labels(Fixture fixture) {
        return labels(fixture.targets(), fixture.layers()[fixture.depth()], dataType(fixture.dtype()));
    }

    /** A matrix's values widened to double (exactly, from float32), row by row. */
    static Tensor matrix(INDArray array) {
        return Tensor.matrix(array.castTo(DataType.DOUBLE).toDoubleMatrix());
    }

    /** A row vector's values (DL4J keeps a bias as 1×out) widened to double. */
    static Tensor vector(INDArray array) {
        return Tensor.vector(array.castTo(DataType.DOUBLE).toDoubleVector());
    }
}
