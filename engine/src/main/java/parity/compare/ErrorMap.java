package parity.compare;

import java.util.Arrays;
import parity.api.Tensor;
import parity.api.Tolerance;

/**
 * Where in a tensor the error lies, for drawing it: the error ratio
 * {@code r = |a - b| / (atol + rtol * |b|)} ({@link Tolerance#errorRatio}, {@code r > 1} out of tolerance),
 * or {@code r = |a - b| / allowed_i} under a {@linkplain parity.rounding.RoundingBound rounding bound}
 * of every compared element, reduced to a grid of at most {@value #MAX_CELLS} × {@value #MAX_CELLS}
 * cells. Each cell covers a block of {@code blockRows × blockCols} elements (a matrix's rows and columns;
 * a vector is one row, a scalar one cell) and holds the <em>greatest</em> r in its block, so that no
 * element out of tolerance is averaged away; NaN for a block none of whose elements was compared.
 *
 * @param gridRows the number of cell rows, ⌈rows / blockRows⌉
 * @param gridCols the number of cell columns, ⌈cols / blockCols⌉
 * @param cells the greatest r per cell, row-major
 * @param largest the compared element with the greatest r (the lowest index on a tie), with its r
 * @param largestRatio that element's r
 * @param largestRow the element's row (0 for a vector or scalar)
 * @param largestCol the element's column
 */
public record ErrorMap(int rows, int cols, int blockRows, int blockCols, int gridRows, int gridCols,
        double[] cells, ElementDiff largest, double largestRatio, int largestRow, int largestCol) {

    /** The most cells per side: enough to show a stripe or a block, few enough to keep reports small. */
    public static final int MAX_CELLS = 64;

    /**
     * Copies the cells.
     *
     * @param rows the tensor's rows (1 for a vector or scalar)
     * @param cols the tensor's columns (1 for a scalar)
     * @param blockRows the rows of elements per cell
     * @param blockCols the columns of elements per cell
     * @param gridRows the number of cell rows, ⌈rows / blockRows⌉
     * @param gridCols the number of cell columns, ⌈cols / blockCols⌉
     * @param cells the greatest r per cell, row-major
     * @param largest the compared element with the greatest r
     * @param largestRatio that element's r
     * @param largestRow the element's row
     * @param largestCol the element's column
     */
    public ErrorMap {
        cells = cells.clone();
    }

    /**
     * The greatest r per cell, row-major; NaN for a cell none of whose elements was compared.
     *
     * @return a copy
     */
    @Override
    public double[] cells() {
        return cells.clone();
    }

    /**
     * The greatest r of the cell at grid row {@code row}, column {@code col}; NaN when none was compared.
     *
     * @param row the grid row, 0 to gridRows - 1
     * @param col the grid column, 0 to gridCols - 1
     * @return the cell's r
     */
    public double cell(int row, int col) {
        return cells[row * gridCols + col];
    }

    /**
     * Whether this tensor has a cell per element (no reduction).
     *
     * @return true when every block is one element
     */
    public boolean elementWise() {
        return blockRows == 1 && blockCols == 1;
    }

    /** Collects the ratios of one tensor's compared elements, in any order. */
    static final class Builder {
        private final Tensor reference;
        private final int rows;
        private final int cols;
        private final int blockRows;
        private final int blockCols;
        private final int gridCols;
        private final double[] cells;
        private ElementDiff largest;
        private double largestRatio = -1;
        private int largestIndex;

        Builder(Tensor reference) {
            int[] shape = reference.shape();
            this.reference = reference;
            this.rows = shape.length == 2 ? shape[0] : 1;
            this.cols = shape.length == 2 ? shape[1] : shape.length == 1 ? shape[0] : 1;
            this.blockRows = Math.max(1, ceilDiv(rows, MAX_CELLS));
            this.blockCols = Math.max(1, ceilDiv(cols, MAX_CELLS));
            this.gridCols = ceilDiv(cols, blockCols);
            this.cells = new double[ceilDiv(rows, blockRows) * gridCols];
            Arrays.fill(cells, Double.NaN);
        }

        /** One element, with its error ratio r ({@code r > 1} out of its allowance). */
        void add(int flatIndex, double candidate, double referenceValue, double ratio) {
            int row = cols == 0 ? 0 : flatIndex / cols;
            int col = cols == 0 ? 0 : flatIndex % cols;
            int cell = row / blockRows * gridCols + col / blockCols;
            if (Double.isNaN(cells[cell]) || ratio > cells[cell]) {
                cells[cell] = ratio;
            }
            if (ratio > largestRatio) {
                largestRatio = ratio;
                largestIndex = flatIndex;
                largest = ElementDiff.of(reference.indexText(flatIndex), candidate, referenceValue);
            }
        }

        /** The map; null when no element was compared. */
        ErrorMap build() {
            if (largest == null) {
                return null;
            }
            return new ErrorMap(rows, cols, blockRows, blockCols, cells.length / gridCols, gridCols, cells, largest,
                    largestRatio, largestIndex / cols, largestIndex % cols);
        }

        private static int ceilDiv(int a, int b) {
            return b == 0 ? 0 : (a + b - 1) / b;
        }
    }
}
