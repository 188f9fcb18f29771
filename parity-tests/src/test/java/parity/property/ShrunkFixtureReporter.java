package parity.property;

import java.util.List;
import org.quicktheories.api.AsString;
import org.quicktheories.core.Reporter;

/**
 * Reports a falsified property with the shrunk fixture only, once. QuickTheories' own reporter adds the
 * cause's whole stack trace and up to ten more falsifying values, here each a whole fixture file.
 */
final class ShrunkFixtureReporter implements Reporter {

    @Override
    public void falisification(long seed, int examples, Object smallest, Throwable cause,
            List<Object> falsifying, AsString<Object> toString) {
        // An assertion's message says what failed; any other exception keeps its stack trace.
        boolean assertion = cause instanceof AssertionError;
        String failure = assertion ? cause.getMessage() : cause.toString();
        throw new AssertionError(report(seed, examples, failure, toString.asString(smallest)), assertion ? null : cause);
    }

    @Override
    public void falisification(long seed, int examples, Object smallest, List<Object> falsifying,
            AsString<Object> toString) {
        throw new AssertionError(report(seed, examples, "the property is false", toString.asString(smallest)));
    }

    @Override
    public void valuesExhausted(int examples) {
        throw new IllegalStateException("gave up after " + examples + " example(s) matching the assumptions");
    }

    private static String report(long seed, int examples, String failure, String fixture) {
        return "falsified after " + examples + " example(s) (seed " + seed + "), then shrunk:\n" + failure
                + "\nthe fixture, to save as a .json file and rerun with ./parity check:\n" + fixture;
    }
}
