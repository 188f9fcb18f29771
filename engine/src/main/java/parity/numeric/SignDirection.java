package parity.numeric;

/**
 * A direction u of ±1 entries along a whole parameter tensor, flat in its row-major order. On a large
 * fixture a weight's u is the outer product {@code U[o][i] = s_o·t_i} of a sign vector s over the
 * layer's units and t over its inputs, so that {@code a_{l-1}·Uᵀ}, the change of z_l per unit step, is
 * {@code (a_{l-1}·t) ⊗ s}: N·in multiply-adds instead of the N·in·out of a dense U.
 *
 * @param values u
 * @param rows s for an outer product, else null
 * @param columns t for an outer product, else null
 */
record SignDirection(double[] values, double[] rows, double[] columns) {

    /** Independent signs, every element its own. */
    static SignDirection of(double[] signs) {
        return new SignDirection(signs, null, null);
    }

    /** U = s ⊗ t. */
    static SignDirection outer(double[] s, double[] t) {
        double[] u = new double[s.length * t.length];
        for (int o = 0; o < s.length; o++) {
            for (int i = 0; i < t.length; i++) {
                u[o * t.length + i] = s[o] * t[i];
            }
        }
        return new SignDirection(u, s, t);
    }

    boolean isOuterProduct() {
        return rows != null;
    }
}
