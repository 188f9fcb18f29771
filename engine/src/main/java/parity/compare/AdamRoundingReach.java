package parity.compare;

import java.util.HashMap;
import java.util.Map;
import parity.api.Fixture;
import parity.api.Implementation;
import parity.api.LossAndGradients;
import parity.api.Optimizer;
import parity.api.Tolerance;
import parity.api.Trajectory;
import parity.rounding.RoundingBound;
import parity.rounding.RoundingScales;

/**
 * How far rounding of the gradients can move an Adam or AdamW run, element by element, along the
 * reference's own run. torch's step is θ ← θ - lr·u with
 * <pre>
 * m = β1·m + (1 - β1)·g,  v = β2·v + (1 - β2)·g²,  u = (m / (1 - β1^t)) / (√(v / (1 - β2^t)) + ε)
 * </pre>
 * (v its running maximum with amsgrad; g + wd·θ for Adam's coupled weight decay). Where g is near 0, u
 * divides a gradient's rounding by ε: the first step's u = g/(|g| + ε) turns an error of 10⁻⁹ into a step
 * of lr/11, while for |g| ≫ ε it barely moves u (m and √v move together). So the run is replayed beside two
 * shadow runs whose every gradient is off by its whole rounding bound B_t (for two sides,
 * {@link RoundingBound}, at the run's parameters and batch of step t), one up and one down:
 * <pre>
 * δu_t = max(|u⁺_t - u_t|, |u⁻_t - u_t|),   A_t = A_{t-1} + lr·δu_t
 * </pre>
 * and the run is compared up to the first step t at which some A_t exceeds a quarter of that step's
 * allowance (atol + rtol·|θ_t|)·(1 + t): from there, two runs whose gradients differ only by rounding may
 * part. What a moved θ does to later gradients is the other probe's ({@link TrainingReach}).
 */
final class AdamRoundingReach {

    private AdamRoundingReach() {
    }

    /** The reach of {@code run}, the reference's Adam run on {@code fixture}; {@link TrainingReach#EVERY_STEP} when it holds to the end. */
    static TrainingReach of(Fixture fixture, Trajectory run, Implementation reference, Optimizer.Adam adam) {
        Tolerance tolerance = fixture.tolerance();
        double lr = fixture.training().learningRate();
        Map<String, State> states = new HashMap<>();
        for (int t = 1; t <= run.steps(); t++) {
            Fixture at = fixture.withParams(run.params().get(t - 1));
            if (!fixture.training().fullBatch(fixture.samples())) {
                at = at.batch(fixture.training().batchRows(t - 1, fixture.samples()));
            }
            LossAndGradients gradients = reference.lossAndGradients(at);
            RoundingBound bound = new RoundingBound(fixture.dtype(), RoundingScales.of(at), 2);
            for (String name : fixture.parameterNames()) {
                String gradient = Fixture.gradientName(name);
                double[] g = gradients.gradients().get(gradient).data();
                double[] noise = bound.allowed(gradient);
                double[] before = run.params().get(t - 1).get(name).data();
                double[] after = run.params().get(t).get(name).data();
                State state = states.computeIfAbsent(name, k -> new State(g.length));
                for (int i = 0; i < g.length; i++) {
                    double grad = adam.decoupled() ? g[i] : g[i] + adam.weightDecay() * before[i];
                    double moved = lr * state.step(i, t, grad, noise[i], adam);
                    double allowed = (tolerance.atol() + tolerance.rtol() * Math.abs(after[i])) * (1 + t) / 4;
                    if (moved > allowed) {
                        return new TrainingReach(t, "steps " + t + " on not compared: there a rounding of "
                                + gradient + at.params().get(name).indexText(i) + " (" + grad
                                + ", rounding bound " + noise[i] + ") may move Adam's steps by " + moved
                                + ", over a quarter of the allowance (" + allowed + "): Adam's step m̂/(√v̂ + ε) "
                                + "divides a gradient's error by √v̂ + ε, small where the gradient is (ε = " + adam.eps()
                                + ")");
                    }
                }
            }
        }
        return TrainingReach.EVERY_STEP;
    }

    /** One parameter's Adam state along the run, and that of its two shadow runs. */
    private static final class State {
        private final Moments exact;
        private final Moments up;
        private final Moments down;
        /** A_t / lr: how far θ may have moved. */
        private final double[] moved;

        State(int size) {
            exact = new Moments(size);
            up = new Moments(size);
            down = new Moments(size);
            moved = new double[size];
        }

        /** Takes step t's gradient g with its rounding bound; returns A_t / lr. */
        double step(int i, int t, double g, double bound, Optimizer.Adam adam) {
            double u = exact.step(i, t, g, adam);
            double deviation = Math.max(Math.abs(up.step(i, t, g + bound, adam) - u),
                    Math.abs(down.step(i, t, g - bound, adam) - u));
            moved[i] += deviation;
            return moved[i];
        }
    }

    /** m and v of torch's Adam, per element. */
    private static final class Moments {
        private final double[] m;
        private final double[] v;

        Moments(int size) {
            m = new double[size];
            v = new double[size];
        }

        /** Step t's u = m̂ / (√v̂ + ε) after gradient g. */
        double step(int i, int t, double g, Optimizer.Adam adam) {
            m[i] = adam.beta1() * m[i] + (1 - adam.beta1()) * g;
            double second = adam.beta2() * v[i] + (1 - adam.beta2()) * g * g;
            v[i] = adam.amsgrad() ? Math.max(v[i], second) : second;
            double denominator = Math.sqrt(v[i] / (1 - Math.pow(adam.beta2(), t))) + adam.eps();
            return m[i] / (1 - Math.pow(adam.beta1(), t)) / denominator;
        }
    }
}
