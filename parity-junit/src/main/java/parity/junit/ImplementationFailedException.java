package parity.junit;

/**
 * An implementation threw while the gate ran it on a fixture: the test is an error, not a parity failure.
 * The message is the gate's one line ({@code fixture.json: mine failed: ...}); the cause is what the
 * implementation threw, with its own stack trace, so that a test report shows the frame of the network's
 * code where it happened.
 */
public final class ImplementationFailedException extends RuntimeException {

    ImplementationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
