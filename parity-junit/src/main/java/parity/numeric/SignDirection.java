package parity.numeric;

/**
 * A direction of ±1 entries along a whole parameter tensor. For a bias b_l it is a sign vector u; for a
 * weight W_l (out×in) it is the outer product {@code U[o][i] = s_o·t_i} of a sign vector s over the
 * layer's units and t over its inputs, so that {@code a_{l-1}·Uᵀ}, the change of z_l per unit step, is
 * {@code (a_{l-1}·t) ⊗ s}: N·in multiply-adds instead of the N·in·out of a dense U.
 *
 * @param out s (or a bias's u), one sign per unit
 * @param in t, one sign per input of the layer; null for a bias
 */
record SignDirection(double[] out, double[] in) {

    /** u, flat in the parameter's row-major order. */
    double[] values() {
        if (in == null) {
            return out.clone();
        }
        double[] u = new double[out.length * in.length];
        for (int o = 0; o < out.length; o++) {
            for (int i = 0; i < in.length; i++) {
                u[o * in.length + i] = out[o] * in[i];
            }
        }
        return u;
    }
}
