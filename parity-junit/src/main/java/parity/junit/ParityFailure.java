package parity.junit;

import org.junit.jupiter.api.AssertionFailureBuilder;
import parity.compare.FailureMessage;
import parity.compare.FixtureComparison;
import parity.compare.Status;

/**
 * What a test of the gate throws, built in this one place: a parity failure or a fixture that cannot be
 * read or run is an {@link org.opentest4j.AssertionFailedError} (JUnit's {@link AssertionFailureBuilder}),
 * whose message is the gate's ({@link FailureMessage}); a network that throws makes the test an error, not
 * a failure, and what it threw, with its stack trace, is the cause: that is the user's bug to find.
 */
final class ParityFailure {

    private ParityFailure() {
    }

    /** A failure with the gate's message. */
    static AssertionError failure(String message) {
        return AssertionFailureBuilder.assertionFailure().message(message).build();
    }

    /**
     * What a fixture's ERROR throws under {@code message}: an {@link ImplementationFailedException} carrying
     * the implementation's own exception where one threw, else a failure.
     */
    static Throwable of(FixtureComparison comparison, String message) {
        if (comparison.status() == Status.ERROR && comparison.cause() != null) {
            return new ImplementationFailedException(message, comparison.cause());
        }
        return failure(message);
    }

    /** Throws {@link #of}, as a test body does. */
    static void raise(FixtureComparison comparison, String message) {
        raise(of(comparison, message));
    }

    /**
     * The same for a dynamic test of a suite, whose failure carries no stack trace: its frames would be the
     * gate's own, the same for every test, and the message says all there is. A network's own exception
     * still comes with its stack trace, as the cause.
     */
    static void raiseInSuite(FixtureComparison comparison, String message) {
        Throwable thrown = of(comparison, message);
        if (thrown instanceof AssertionError) {
            thrown.setStackTrace(new StackTraceElement[0]);
        }
        raise(thrown);
    }

    private static void raise(Throwable thrown) {
        if (thrown instanceof RuntimeException error) {
            throw error;
        }
        throw (AssertionError) thrown;
    }
}
