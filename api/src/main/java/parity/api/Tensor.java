package parity.api;

import java.util.Arrays;

/**
 * A dense row-major array of doubles with its shape: [rows, cols] for a matrix, [n] for a vector,
 * [] for a scalar such as the loss.
 */
public record Tensor(int[] shape, double[] data) {

    public Tensor {
        shape = shape.clone();
        data = data.clone();
        if (Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b) != data.length) {
            throw new IllegalArgumentException(
                    "shape " + shapeText(shape) + " does not hold " + data.length + " values");
        }
    }

    public static Tensor matrix(double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        double[] flat = new double[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * cols, cols);
        }
        return new Tensor(new int[] {rows.length, cols}, flat);
    }

    public static Tensor scalar(double value) {
        return new Tensor(new int[0], new double[] {value});
    }

    public static Tensor vector(double... values) {
        return new Tensor(new int[] {values.length}, values);
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public double[] data() {
        return data.clone();
    }

    public int size() {
        return data.length;
    }

    public int rank() {
        return shape.length;
    }

    public double get(int flatIndex) {
        return data[flatIndex];
    }

    /** The value at [row][col] of a matrix. */
    public double get(int row, int col) {
        return data[row * shape[1] + col];
    }

    /** The index of a flat position as it is written in JSON paths and reports: {@code [i]} or {@code [i][j]}. */
    public String indexText(int flatIndex) {
        if (shape.length == 0) {
            return "";
        }
        if (shape.length == 1) {
            return "[" + flatIndex + "]";
        }
        return "[" + flatIndex / shape[1] + "][" + flatIndex % shape[1] + "]";
    }

    public String shapeText() {
        return shapeText(shape);
    }

    /** A shape as people write it: {@code 5×4}, {@code 5} for a vector, {@code scalar}. */
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

    /** The rows of a matrix. */
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
