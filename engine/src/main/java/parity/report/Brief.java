package parity.report;

import java.util.Locale;

/** Numbers for people: three significant digits, enough to tell rounding (1e-9) from a bug (1e-1). */
public final class Brief {

    private Brief() {
    }

    /**
     * A number in scientific notation with three significant digits, {@code 1.23e-09}; 0, ∞, -∞ and NaN as such.
     *
     * @param value the number
     * @return the text
     */
    public static String number(double value) {
        if (value == 0) {
            return "0";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "∞" : "-∞";
        }
        if (Double.isNaN(value)) {
            return "NaN";
        }
        return String.format(Locale.ROOT, "%.2e", value);
    }
}
