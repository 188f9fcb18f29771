package parity.compare;

import parity.fixtures.Tensor;

/**
 * Builds every parity failure message, in one place, so that the JUnit gate, the command-line tool and
 * the Markdown report say the same thing. For a tensor out of tolerance:
 *
 * <pre>
 * seed-blog: dW1: 12 / 12 elements out of tolerance
 *   greatest absolute difference 1.5 at [0][2]: core 3.0, reference 1.5
 *   greatest relative difference 1.0 at [0][0]: core 1.0, reference 0.5
 *   allowed |a - b| <= atol + rtol * |b| with rtol 1.0E-7, atol 1.0E-7; a = core (…), b = reference (…)
 *   smallest rtol that would pass at atol 1.0E-7: 1.0000002
 * </pre>
 */
public final class FailureMessage {

    private final FixtureComparison comparison;

    private FailureMessage(FixtureComparison comparison) {
        this.comparison = comparison;
    }

    public static FailureMessage of(FixtureComparison comparison) {
        return new FailureMessage(comparison);
    }

    /** Why the fixture as a whole failed or could not be compared; null when it passed. */
    public String fixture() {
        if (comparison.status() == Status.ERROR) {
            return comparison.error();
        }
        StringBuilder text = new StringBuilder();
        for (TensorDiff tensor : comparison.tensors()) {
            if (!tensor.passed()) {
                text.append(text.length() == 0 ? "" : "\n").append(tensor(tensor));
            }
        }
        return text.length() == 0 ? null : text.toString();
    }

    /** Why one tensor failed; null when it passed. */
    public String tensor(TensorDiff diff) {
        if (diff.passed()) {
            return null;
        }
        String head = comparison.name() + ": " + diff.tensor() + ": ";
        Implementation a = comparison.candidate();
        Implementation b = comparison.reference();
        if (!diff.shapesAgree()) {
            return head + "shape " + Tensor.shapeText(diff.candidateShape()) + " from " + a.name() + ", "
                    + Tensor.shapeText(diff.referenceShape()) + " from " + b.name();
        }
        return head + diff.mismatched() + " / " + diff.size() + " elements out of tolerance"
                + "\n  greatest absolute difference " + element(diff.worstAbsMismatch().abs(), diff.worstAbsMismatch())
                + "\n  greatest relative difference " + element(diff.worstRelMismatch().rel(), diff.worstRelMismatch())
                + "\n  allowed |a - b| <= atol + rtol * |b| with rtol " + diff.tolerance().rtol()
                + ", atol " + diff.tolerance().atol() + "; a = " + a.name() + " (" + a.description() + "), b = " + b.name()
                + " (" + b.description() + ")"
                + "\n  smallest rtol that would pass at atol " + diff.tolerance().atol() + ": "
                + (Double.isInfinite(diff.smallestPassingRtol()) ? "none" : diff.smallestPassingRtol());
    }

    private String element(double measure, ElementDiff element) {
        String at = element.index().isEmpty() ? "" : " at " + element.index();
        return measure + at + ": " + comparison.candidate().name() + " " + element.candidate() + ", "
                + comparison.reference().name() + " " + element.reference();
    }

}
