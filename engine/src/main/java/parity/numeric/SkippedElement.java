package parity.numeric;

/** An element finite differences cannot judge, and why: it is neither a pass nor a fail. */
public record SkippedElement(String tensor, String index, String reason) {
}
