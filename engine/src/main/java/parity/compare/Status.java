package parity.compare;

/** The outcome of one fixture. */
public enum Status {
    /** Loss and every gradient within tolerance. */
    PASS,
    /** At least one tensor out of tolerance, or of another shape. */
    FAIL,
    /** Not compared: the fixture is invalid, or an engine failed on it. */
    ERROR,
    /** Not compared: the candidate does not support the fixture (a dtype or activation it lacks). */
    SKIPPED
}
