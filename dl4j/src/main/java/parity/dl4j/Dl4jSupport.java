package parity.dl4j;

import parity.api.Activation;
import parity.api.Fixture;

/**
 * Which fixtures DL4J expresses faithfully, and why not the others, in a few words for reports and docs/dl4j.md.
 * Both dtypes, any depth, a bias in some layers and not in others ({@code hasBias}), the built-in activations
 * ({@link HiddenActivation}), the losses of {@link OutputLoss}, the training blocks of {@link TrainingRule}.
 */
public final class Dl4jSupport {

    private Dl4jSupport() {
    }

    /** Why DL4J cannot compute this fixture's network as the fixture defines it, or null when it can. */
    public static String whyNot(Fixture fixture) {
        for (Activation activation : fixture.activations()) {
            if (HiddenActivation.of(activation).isEmpty()) {
                return "an activation of the user's own (" + activation.jsonName() + ")";
            }
        }
        return OutputLoss.whyNot(fixture);
    }

    /** Why DL4J cannot run this fixture's training block as torch does, or null when it can (or there is none). */
    public static String whyNotTrained(Fixture fixture) {
        if (whyNot(fixture) != null) {
            return whyNot(fixture);
        }
        return fixture.training() == null ? null : TrainingRule.whyNot(fixture.training());
    }
}
