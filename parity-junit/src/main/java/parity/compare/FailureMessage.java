package parity.compare;

import java.util.ArrayList;
import java.util.List;
import parity.fixtures.Implementation;
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
 *   first divergence: dW1 (layer 1, backward); forward pass agrees
 * </pre>
 * The head names the fixture, then the pair when it is not core ↔ reference, or the training step.
 */
public final class FailureMessage {

    private FailureMessage() {
    }

    /** Why the fixture failed or could not be compared, every failing tensor in turn; null when it passed. */
    public static String of(FixtureComparison comparison) {
        if (comparison.status() == Status.ERROR) {
            return comparison.error();
        }
        List<String> parts = new ArrayList<>();
        for (PairComparison pair : comparison.pairs()) {
            for (TensorDiff tensor : pair.forward()) {
                if (!tensor.passed()) {
                    parts.add(tensor(comparison, pair, tensor));
                }
            }
            for (TensorDiff tensor : pair.tensors()) {
                if (!tensor.passed()) {
                    parts.add(tensor(comparison, pair, tensor));
                }
            }
        }
        if (!parts.isEmpty() && comparison.verdict() != null) {
            parts.add(comparison.name() + ": " + comparison.verdict());
        }
        TrajectoryComparison training = comparison.training();
        if (training != null && !training.passed()) {
            parts.add(training(comparison, training));
        }
        return parts.isEmpty() ? null : String.join("\n", parts);
    }

    /** Why one tensor of a pair failed, and where the pair first parts; null when it passed. */
    public static String tensor(FixtureComparison comparison, PairComparison pair, TensorDiff diff) {
        String head = comparison.name() + ": "
                + (pair == comparison.primary() ? "" : pair.label() + ": ");
        String message = tensor(head, pair.candidate(), pair.reference(), diff);
        return message == null ? null : message + "\n  first divergence: " + pair.firstDivergence();
    }

    /** The first step of a training run that leaves tolerance, with every tensor out of it then. */
    public static String training(FixtureComparison comparison, TrajectoryComparison training) {
        StepDiff step = training.steps().get(training.firstFailingStep());
        List<String> parts = new ArrayList<>();
        for (TensorDiff tensor : step.tensors()) {
            if (!tensor.passed()) {
                parts.add(tensor(comparison.name() + ": training step " + step.step() + " of "
                        + (training.steps().size() - 1) + ": ", training.candidate(), training.reference(), tensor));
            }
        }
        return String.join("\n", parts);
    }

    private static String tensor(String head, Implementation a, Implementation b, TensorDiff diff) {
        if (diff.passed()) {
            return null;
        }
        String title = head + diff.tensor() + ": ";
        if (!diff.shapesAgree()) {
            return title + "shape " + Tensor.shapeText(diff.candidateShape()) + " from " + a.name() + ", "
                    + Tensor.shapeText(diff.referenceShape()) + " from " + b.name();
        }
        return title + diff.mismatched() + " / " + diff.compared() + " elements out of tolerance"
                + "\n  greatest absolute difference " + element(diff.worstAbsMismatch().abs(), diff.worstAbsMismatch(), a, b)
                + "\n  greatest relative difference " + element(diff.worstRelMismatch().rel(), diff.worstRelMismatch(), a, b)
                + "\n  allowed |a - b| <= atol + rtol * |b| with rtol " + diff.tolerance().rtol()
                + ", atol " + diff.tolerance().atol() + "; a = " + a.name() + " (" + a.description() + "), b = "
                + b.name() + " (" + b.description() + ")"
                + "\n  smallest rtol that would pass at atol " + diff.tolerance().atol() + ": "
                + (Double.isInfinite(diff.smallestPassingRtol()) ? "none" : diff.smallestPassingRtol());
    }

    private static String element(double measure, ElementDiff element, Implementation a, Implementation b) {
        String at = element.index().isEmpty() ? "" : " at " + element.index();
        return measure + at + ": " + a.name() + " " + element.candidate() + ", " + b.name() + " " + element.reference();
    }
}
