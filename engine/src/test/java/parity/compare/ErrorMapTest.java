package parity.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import org.junit.jupiter.api.Test;
import parity.api.Tensor;
import parity.api.Tolerance;

class ErrorMapTest {

    private static final Tolerance TOLERANCE = new Tolerance(1e-3, 1e-6);

    @Test
    void aSmallMatrixHasACellPerElement() {
        Tensor reference = Tensor.matrix(new double[][] {{1, 2}, {4, 100}});
        Tensor candidate = Tensor.matrix(new double[][] {{1, 2.5}, {4.000001, 101}});
        ErrorMap map = TensorDiff.of("dW1", candidate, reference, TOLERANCE).errors();
        assertTrue(map.elementWise());
        assertEquals(2, map.gridRows());
        assertEquals(2, map.gridCols());
        assertEquals(0, map.cell(0, 0));
        assertEquals(0.5 / (1e-6 + 2e-3), map.cell(0, 1), 1e-9);
        assertEquals("[0][1]", map.largest().index());
        assertEquals(0, map.largestRow());
        assertEquals(1, map.largestCol());
    }

    /** One element out of tolerance among 512×300 must show in its block: the block's greatest ratio. */
    @Test
    void aBlockShowsItsWorstElementNotItsMean() {
        double[][] values = new double[512][300];
        for (int i = 0; i < 512; i++) {
            for (int j = 0; j < 300; j++) {
                values[i][j] = 1 + i + j / 1000.0;
            }
        }
        Tensor reference = Tensor.matrix(values);
        values[333][201] += 0.5;
        ErrorMap map = TensorDiff.of("dW1", Tensor.matrix(values), reference, TOLERANCE).errors();
        assertEquals(8, map.blockRows());
        assertEquals(5, map.blockCols());
        assertEquals(64, map.gridRows());
        assertEquals(60, map.gridCols());
        assertTrue(map.cell(333 / 8, 201 / 5) > 1, "the failing element's block is out of tolerance");
        int outOfTolerance = 0;
        for (double cell : map.cells()) {
            outOfTolerance += cell > 1 ? 1 : 0;
        }
        assertEquals(1, outOfTolerance);
        assertEquals("[333][201]", map.largest().index());
        assertEquals(TOLERANCE.errorRatio(values[333][201], reference.get(333, 201)), map.largestRatio());
    }

    @Test
    void aVectorIsOneRowAndBlocksNotComparedAreNaN() {
        Tensor reference = Tensor.vector(new double[200]);
        BitSet compared = new BitSet();
        compared.set(0, 10);
        ErrorMap map = TensorDiff.of("db1", reference, reference, TOLERANCE, compared).errors();
        assertEquals(1, map.gridRows());
        assertEquals(4, map.blockCols());
        assertEquals(50, map.gridCols());
        assertEquals(0, map.cell(0, 2));
        assertTrue(Double.isNaN(map.cell(0, 3)), "elements 12 to 15 were not compared");
    }

    @Test
    void noMapWhenShapesDiffer() {
        assertNull(TensorDiff.of("dW1", Tensor.vector(1, 2), Tensor.vector(1, 2, 3), TOLERANCE).errors());
    }
}
