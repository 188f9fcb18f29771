package parity.rounding;

import parity.api.Activation;

/**
 * f', f'' and the derivative's jump at a kink, for the rounding scales, from the activation's float64
 * forward alone (so that a user's registered activation needs nothing more). The derivatives are
 * difference quotients with step h = 1e-5·max(1, |z|), taken on z's own piece when a kink lies within h:
 * scales need a few correct digits, not sixteen. At a kink both derivatives are those of the piece
 * below it, as torch's relu'(0) = 0.
 */
final class ActivationSlopes {

    private final Activation activation;
    private final double[] kinks;

    ActivationSlopes(Activation activation) {
        this.activation = activation;
        this.kinks = activation.kinks();
    }

    /** f'(z) on z's piece. */
    double first(double z) {
        double h = step(z);
        double kink = kinkWithin(z, h);
        if (Double.isNaN(kink)) {
            return (activation.apply(z + h) - activation.apply(z - h)) / (2 * h);
        }
        return z > kink ? (activation.apply(z + h) - activation.apply(z)) / h
                : (activation.apply(z) - activation.apply(z - h)) / h;
    }

    /** |f''(z)| on z's piece; 0 within h of a kink, where the pieces here are linear or nearly so. */
    double second(double z) {
        double h = step(z);
        if (!Double.isNaN(kinkWithin(z, h))) {
            return 0;
        }
        return Math.abs((activation.apply(z + h) - 2 * activation.apply(z) + activation.apply(z - h)) / (h * h));
    }

    /**
     * |f'| at z, or, when a kink lies within {@code reach} of z, the larger |f'| of the two pieces there:
     * rounding may put z on either side, and a = f(z) then moves with the steeper one.
     */
    double steepestWithin(double z, double reach) {
        double slope = Math.abs(first(z));
        for (double kink : kinks) {
            if (reach > 0 && Math.abs(z - kink) <= reach) {
                double h = step(kink);
                double above = Math.abs((activation.apply(kink + 2 * h) - activation.apply(kink + h)) / h);
                double below = Math.abs((activation.apply(kink - h) - activation.apply(kink - 2 * h)) / h);
                return Math.max(slope, Math.max(above, below));
            }
        }
        return slope;
    }

    /**
     * How far f' jumps at the kink nearest z when that kink lies within {@code reach} of z, so that
     * rounding could put z on either side: |f'(k+) - f'(k-)|; 0 otherwise, and for a reach of 0 (z exact).
     */
    double jumpWithin(double z, double reach) {
        for (double kink : kinks) {
            if (reach > 0 && Math.abs(z - kink) <= reach) {
                double h = step(kink);
                double above = (activation.apply(kink + 2 * h) - activation.apply(kink + h)) / h;
                double below = (activation.apply(kink - h) - activation.apply(kink - 2 * h)) / h;
                return Math.abs(above - below);
            }
        }
        return 0;
    }

    private static double step(double z) {
        return 1e-5 * Math.max(1, Math.abs(z));
    }

    private double kinkWithin(double z, double h) {
        for (double kink : kinks) {
            if (Math.abs(z - kink) <= h) {
                return kink;
            }
        }
        return Double.NaN;
    }
}
