package parity.numeric;

import parity.api.Activation;
import parity.api.Fixture;

/**
 * Whether a step crossed a kink of an activation or of the loss: the piece every hidden pre-activation
 * (and, for l1, the side of 0 every residual z_L - t) lies on at base, against the pieces a perturbed forward
 * pass recorded. Inert for smooth activations and losses.
 */
final class Kinks {

    private final Fixture fixture;
    private final PlainNetwork network;
    private final int[] base;

    Kinks(Fixture fixture, PlainNetwork network) {
        this.fixture = fixture;
        this.network = network;
        boolean kinked = fixture.depth() > 1 && fixture.activations().stream().anyMatch(f -> f.kinks().length > 0)
                || network.residualKinked();
        this.base = kinked ? network.basePieces() : null;
    }

    /** An array for a perturbed pass to record pieces in, or null when there is nothing to watch. */
    int[] newPieces() {
        return base == null ? null : new int[base.length];
    }

    /** {@code z1[0][2] across the ReLU kink at 0}, for the first hidden unit that changed piece; or null. */
    String crossing(int[] pieces) {
        if (pieces == null) {
            return null;
        }
        for (int u = 0; u < base.length; u++) {
            if (base[u] != pieces[u] && u >= network.hiddenUnits()) {
                return network.residualName(u) + " across the l1 kink at 0";
            }
            if (base[u] != pieces[u]) {
                Activation activation = fixture.activation(network.hiddenUnitLayer(u));
                double kink = activation.kinks()[Math.min(base[u], pieces[u])];
                return network.hiddenUnitName(u) + " across the " + name(activation) + " kink at " + number(kink);
            }
        }
        return null;
    }

    private static String name(Activation activation) {
        return activation == Activation.BuiltIn.RELU ? "ReLU" : activation.jsonName();
    }

    /** 0 and 20 as people write them, other kinks as Java writes doubles. */
    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
