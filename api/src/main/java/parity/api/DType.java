package parity.api;

/** The floating-point type both implementations compute in. */
public enum DType {
    /**
     * IEEE 754 binary64, Java's {@code double}; default tolerance rtol 1e-7, atol 1e-7.
     */
    FLOAT64("float64", new Tolerance(1e-7, 1e-7, false)),
    /**
     * IEEE 754 binary32, Java's {@code float}; default tolerance rtol 1.3e-6, atol 1e-5.
     */
    FLOAT32("float32", new Tolerance(1.3e-6, 1e-5, false));

    private final String jsonName;
    private final Tolerance defaultTolerance;

    DType(String jsonName, Tolerance defaultTolerance) {
        this.jsonName = jsonName;
        this.defaultTolerance = defaultTolerance;
    }

    /**
     * The name as fixtures write it: {@code float64}, {@code float32}.
     *
     * @return the name
     */
    public String jsonName() {
        return jsonName;
    }

    /**
     * The defaults of torch.testing.assert_close for this dtype, not {@linkplain Tolerance#stated() stated}:
     * float64 fixtures are held to it; float32 ones that state no tolerance to the rounding bound, and to
     * this where the bound models nothing (training runs).
     *
     * @return rtol and atol, not stated
     */
    public Tolerance defaultTolerance() {
        return defaultTolerance;
    }

    /**
     * Rounds a value to this dtype, so that both sides start from the same numbers.
     *
     * @param value a float64 value
     * @return the nearest value of this dtype, as a double
     */
    public double round(double value) {
        return this == FLOAT32 ? (float) value : value;
    }
}
