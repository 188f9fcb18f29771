package parity.api;

import java.util.Arrays;

/**
 * A dense row-major array of doubles with its shape: [rows, cols] for a matrix, [n] for a vector,
 * [] for a scalar such as the loss.
 */
public record Tensor(int[] shape, double[] data) {

    /**
     * Copies both arrays, so that the tensor cannot change under its holder.
     *
     * @param shape [rows, cols], [n] or []
     * @param data the values, row-major
     * @throws IllegalArgumentException when the shape's product is not the number of values
     */
    public Tensor {
        shape = shape.clone();
        data = data.clone();
        if (Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b) != data.length) {
            throw new IllegalArgumentException(
                    "shape " + shapeText(shape) + " does not hold " + data.length + " values");
        }
    }

    /**
     * A matrix from its rows, all of one length.
     *
     * @param rows the rows
     * @return the rows×cols tensor
     */
    public static Tensor matrix(double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        double[] flat = new double[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * cols, cols);
        }
        return new Tensor(new int[] {rows.length, cols}, flat);
    }

    /**
     * A scalar, of shape [].
     *
     * @param value the value
     * @return the scalar
     */
    public static Tensor scalar(double value) {
        return new Tensor(new int[0], new double[] {value});
    }

    /**
     * A vector, of shape [n].
     *
     * @param values the values
     * @return the vector
     */
    public static Tensor vector(double... values) {
        return new Tensor(new int[] {values.length}, values);
    }

    /**
     * The shape: [rows, cols], [n] or [].
     *
     * @return a copy
     */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /**
     * The values, row-major.
     *
     * @return a copy
     */
    @Override
    public double[] data() {
        return data.clone();
    }

    /**
     * Number of values: the product of the shape.
     *
     * @return the number of values
     */
    public int size() {
        return data.length;
    }

    /**
     * Number of dimensions: 2 for a matrix, 1 for a vector, 0 for a scalar.
     *
     * @return the rank
     */
    public int rank() {
        return shape.length;
    }

    /**
     * The value at a flat, row-major position.
     *
     * @param flatIndex 0 to size - 1
     * @return the value
     */
    public double get(int flatIndex) {
        return data[flatIndex];
    }

    /**
     * The value at [row][col] of a matrix.
     *
     * @param row the row
     * @param col the column
     * @return the value
     */
    public double get(int row, int col) {
        return data[row * shape[1] + col];
    }

    /**
     * The index of a flat position as it is written in JSON paths and reports: {@code [i]} or {@code [i][j]}.
     *
     * @param flatIndex 0 to size - 1
     * @return the index, or the empty text for a scalar
     */
    public String indexText(int flatIndex) {
        if (shape.length == 0) {
            return "";
        }
        if (shape.length == 1) {
            return "[" + flatIndex + "]";
        }
        return "[" + flatIndex / shape[1] + "][" + flatIndex % shape[1] + "]";
    }

    /**
     * This tensor's shape as people write it: see {@link #shapeText(int[])}.
     *
     * @return the shape
     */
    public String shapeText() {
        return shapeText(shape);
    }

    /**
     * A shape as people write it: {@code 5×4}, {@code 5} for a vector, {@code scalar}.
     *
     * @param shape a shape
     * @return the shape as text
     */
    public static String shapeText(int[] shape) {
        if (shape.length == 0) {
            return "scalar";
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            text.append(i == 0 ? "" : "×").append(shape[i]);
        }
        return text.toString();
    }

    /**
     * The rows of a matrix.
     *
     * @return a copy of each row
     */
    public double[][] rows() {
        double[][] rows = new double[shape[0]][];
        for (int i = 0; i < shape[0]; i++) {
            rows[i] = Arrays.copyOfRange(data, i * shape[1], (i + 1) * shape[1]);
        }
        return rows;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape) + Arrays.toString(data);
    }
}
