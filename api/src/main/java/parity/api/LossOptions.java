package parity.api;

/**
 * The settings of a fixture's loss, each with torch's meaning and default (format 1.2's loss object,
 * {@code {"name": "huber", "delta": 0.5}}); a loss ignores those that are not its own.
 *
 * @param delta huber: δ &gt; 0, where the loss turns from quadratic to linear (torch's {@code delta}, 1.0)
 */
public record LossOptions(double delta) {

    /** torch's defaults. */
    public static final LossOptions DEFAULTS = new LossOptions(1.0);
}
