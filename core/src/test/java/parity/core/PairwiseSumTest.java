package parity.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import parity.core.PairwiseSum;

/**
 * Core's float32 sums, pairwise down to blocks of 8 summed in order, every addition in float32. 2²⁴ + 1
 * rounds back to 2²⁴ in float32 (ties to even), so a sum that meets the 1s one at a time after 2²⁴ loses
 * them and one that adds them among themselves first keeps them: the results below show which additions
 * were made in which order.
 */
class PairwiseSumTest {

    private static final float BIG = 0x1p24f;

    @Test
    void eightTermsAreOneBlockSummedInOrder() {
        INDArray eight = Nd4j.create(new float[] {BIG, 1, 1, 1, 1, 1, 1, 1});
        assertEquals(BIG, PairwiseSum.sum(eight));
    }

    @Test
    void nineTermsAreSplitInHalvesFirst() {
        // [BIG, 1, 1, 1] + [1, 1, 1, 1, 1]: the left half loses its 1s, the right half keeps its 5.
        INDArray nine = Nd4j.create(new float[] {BIG, 1, 1, 1, 1, 1, 1, 1, 1});
        assertEquals(BIG + 5, PairwiseSum.sum(nine));
    }

    @Test
    void aViewIsSummedOverItsOwnElements() {
        INDArray matrix = Nd4j.create(new float[][] {{1, 2, 3}, {4, 5, 6}});
        INDArray column = matrix.get(NDArrayIndex.all(), NDArrayIndex.point(2));
        INDArray transposed = matrix.transpose();
        assertEquals(9, PairwiseSum.sum(column));
        assertEquals(21, PairwiseSum.sum(transposed));
        assertEquals(15, PairwiseSum.sum(matrix.get(NDArrayIndex.point(1), NDArrayIndex.all())));
        // Row-major, but not contiguous: 1, 2 | 4, 5 with 3 between them in the buffer.
        assertEquals(12, PairwiseSum.sum(matrix.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2))));
    }

    /** Row-major 1, 1, 1, 1, 2²⁴, 1, 1, 1 keeps its first four 1s; read in column-major order it would lose them. */
    @Test
    void aColumnMajorArrayIsSummedInRowMajorOrder() {
        INDArray columnMajor = Nd4j.create(new float[][] {{1, 1, 1, 1}, {BIG, 1, 1, 1}}).dup('f');
        assertEquals(BIG + 4, PairwiseSum.sum(columnMajor));
    }

    @Test
    void theMeanDividesOnceAndRoundsToFloat32() {
        INDArray three = Nd4j.create(new float[] {1, 1, 0});
        assertEquals((double) (float) (2.0 / 3), PairwiseSum.mean(three));
        assertEquals(2.0 / 3, PairwiseSum.mean(three.castTo(DataType.DOUBLE)), 1e-16);
    }
}
