package parity.support;

import java.util.Map;
import parity.api.Activation;
import parity.api.Fixture;
import parity.api.LossAndGradients;
import parity.api.Tensor;
import parity.api.Trainable;
import parity.api.Trajectory;

/**
 * How close a training run comes to a kink of its activation, on each side, and how far apart the two
 * sides' pre-activations are. Both sides train; at each step's parameters (each side its own) both
 * compute their hidden pre-activations z_l as they do in training, and
 * <pre>
 * closest    = min over steps k, layers l &lt; L, samples, units and kinks c, on either side, of |z - c|
 * apart      = max over the same of |z_candidate - z_reference|
 * </pre>
 * Two sides can take different pieces of the activation at a step (and part for a reason that is no
 * bug) only if some pre-activation lies within {@code apart} of a kink; {@code closest / apart} says by
 * how much that is ruled out.
 *
 * @param closestAt where the closest approach is: step, tensor and index, with both sides' values
 * @param apartAt where the sides are farthest apart
 */
public record KinkMargin(double closest, String closestAt, double apart, String apartAt) {

    public static KinkMargin of(Fixture fixture, Trainable candidate, Trainable reference) {
        Trajectory a = candidate.train(fixture);
        Trajectory b = reference.train(fixture);
        double closest = Double.POSITIVE_INFINITY;
        String closestAt = "";
        double apart = 0;
        String apartAt = "";
        for (int k = 0; k <= fixture.training().steps(); k++) {
            Map<String, Tensor> zA = candidate.lossAndGradients(at(fixture, a, k)).forward();
            Map<String, Tensor> zB = reference.lossAndGradients(at(fixture, b, k)).forward();
            for (int l = 1; l < fixture.depth(); l++) {
                double[] kinks = fixture.activation(l).kinks();
                String name = LossAndGradients.preActivationName(l);
                Tensor za = zA.get(name);
                Tensor zb = zB.get(name);
                for (int i = 0; i < za.size(); i++) {
                    String where = "step " + k + " " + name + za.indexText(i) + ": " + candidate.name() + " "
                            + za.get(i) + ", " + reference.name() + " " + zb.get(i);
                    double distance = Math.min(distance(za.get(i), kinks), distance(zb.get(i), kinks));
                    if (distance < closest) {
                        closest = distance;
                        closestAt = where;
                    }
                    double difference = Math.abs(za.get(i) - zb.get(i));
                    if (difference > apart) {
                        apart = difference;
                        apartAt = where;
                    }
                }
            }
        }
        return new KinkMargin(closest, closestAt, apart, apartAt);
    }

    /** closest / apart: how many times the sides' largest difference the closest approach is. */
    public double ratio() {
        return apart == 0 ? (closest == 0 ? 0 : Double.POSITIVE_INFINITY) : closest / apart;
    }

    /** The fixture with the parameters one side reached after k steps (and no training block). */
    private static Fixture at(Fixture fixture, Trajectory trajectory, int k) {
        Map<String, Tensor> params = trajectory.params().get(k);
        return fixture.copy().params(params).training(null).expected(null).build();
    }

    private static double distance(double z, double[] kinks) {
        double nearest = Double.POSITIVE_INFINITY;
        for (double kink : kinks) {
            nearest = Math.min(nearest, Math.abs(z - kink));
        }
        return nearest;
    }

    @Override
    public String toString() {
        return String.format("closest to a kink %.3g (%s); sides at most %.3g apart (%s); ratio %.3g", closest, closestAt,
                apart, apartAt, ratio());
    }

    /** Whether the activation has kinks at all. */
    public static boolean kinked(Activation activation) {
        return activation.kinks().length > 0;
    }
}
