package parity.api;

/** The floating-point type both implementations compute in. */
public enum DType {
    FLOAT64("float64", new Tolerance(1e-7, 1e-7, false)),
    FLOAT32("float32", new Tolerance(1.3e-6, 1e-5, false));

    private final String jsonName;
    private final Tolerance defaultTolerance;

    DType(String jsonName, Tolerance defaultTolerance) {
        this.jsonName = jsonName;
        this.defaultTolerance = defaultTolerance;
    }

    public String jsonName() {
        return jsonName;
    }

    /**
     * The defaults of torch.testing.assert_close for this dtype, not {@linkplain Tolerance#stated() stated}:
     * float64 fixtures are held to it; float32 ones that state no tolerance to the rounding bound, and to
     * this where the bound models nothing (training runs).
     */
    public Tolerance defaultTolerance() {
        return defaultTolerance;
    }

    /** Rounds a value to this dtype, so that both sides start from the same numbers. */
    public double round(double value) {
        return this == FLOAT32 ? (float) value : value;
    }
}
