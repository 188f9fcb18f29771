package parity.rounding;

import java.util.stream.IntStream;

/**
 * C = C₀ + A·Bᵀ, computed in float64 beside what its rounding scales with: per element the magnitude
 * {@code |C₀| + Σ_k |A_rk·B_ck|}, on which each of its roundings is at most u, and the variance it carries
 * from its operands' own errors, {@code Σ_k (B_ck²·V(A_rk) + A_rk²·V(B_ck))}. A is rows×k, B cols×k, both
 * row-major, so that every sum runs along memory; C₀ is rows×cols, or one value per column (a bias), or
 * absent. Rows are computed in parallel, each element in one fixed order: the same bits every run.
 */
record RoundedProduct(double[] value, double[] magnitude, double[] carried) {

    static RoundedProduct of(double[] a, double[] va, double[] b, double[] vb, double[] initial, int rows, int cols,
            int inner) {
        double[] value = new double[rows * cols];
        double[] magnitude = new double[value.length];
        double[] carried = new double[value.length];
        IntStream.range(0, rows).parallel().forEach(r -> {
            for (int c = 0; c < cols; c++) {
                double start = initial == null ? 0 : initial.length == cols ? initial[c] : initial[r * cols + c];
                double sum = start;
                double size = Math.abs(start);
                double variance = 0;
                for (int k = 0; k < inner; k++) {
                    double x = a[r * inner + k];
                    double y = b[c * inner + k];
                    sum += x * y;
                    size += Math.abs(x * y);
                    variance += y * y * va[r * inner + k] + (vb == null ? 0 : x * x * vb[c * inner + k]);
                }
                value[r * cols + c] = sum;
                magnitude[r * cols + c] = size;
                carried[r * cols + c] = variance;
            }
        });
        return new RoundedProduct(value, magnitude, carried);
    }
}
