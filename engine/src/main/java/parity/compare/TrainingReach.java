package parity.compare;

import java.util.LinkedHashMap;
import java.util.Map;
import parity.api.DType;
import parity.api.Fixture;
import parity.api.Optimizer;
import parity.api.Tensor;
import parity.api.Tolerance;
import parity.api.Trainable;
import parity.api.Trajectory;
import parity.fixtures.SplitMix64;

/**
 * How many steps of two correct training runs must agree: up to the step at which rounding alone changes
 * a run. Training can amplify rounding: a large learning rate on unscaled weights, or Adam's first steps on
 * a gradient that is rounding noise about 0, where m̂/(√v̂ + ε) = g/(|g| + ε) turns a noise of size ε into
 * a step of lr/2 (1/ε = 10⁸ times the noise). Two runs that both round correctly then part, and their
 * difference says nothing about either. Found on the reference's own runs, each held against its run from
 * the fixture's values by a quarter of the fixture's tolerance:
 * <ul>
 * <li>from parameters each moved to its neighbour in the fixture's dtype, up or down as a fixed
 *     {@link SplitMix64} stream says: a rounding of every parameter;</li>
 * <li>on a float32 fixture, the same run in float64: float32's rounding as a whole;</li>
 * <li>for Adam and AdamW, how far the gradients' rounding bounds can move each step
 *     ({@link AdamRoundingReach}).</li>
 * </ul>
 * A quarter: the reference's rounding is one draw, the candidate's another, and the two may differ by more
 * than either; within a quarter each leaves the other room. A wrong update shows before either probe parts,
 * at the first step it is taken.
 *
 * @param steps the first step not compared, or {@link Integer#MAX_VALUE} when every step is
 * @param why what the report says of the steps from there, or null
 */
record TrainingReach(int steps, String why) {

    static final TrainingReach EVERY_STEP = new TrainingReach(Integer.MAX_VALUE, null);

    private static final long SIGNS_SEED = 0x5EED_0F_F10A7L;

    /**
     * The reach of the runs on {@code fixture}, given the reference's own run {@code run} and, on a float32
     * fixture without a stated tolerance, its run in float64 ({@code float64}, else null).
     */
    static TrainingReach of(Fixture fixture, Trajectory run, Trainable reference, Trajectory float64) {
        Tolerance quarter = new Tolerance(fixture.tolerance().rtol() / 4, fixture.tolerance().atol() / 4);
        TrainingReach reach = EVERY_STEP;
        Trajectory moved = reference.train(fixture.withParams(moved(fixture)));
        // The parameters only: the loss moves with them from the start, by their first-order effect, not by rounding.
        int parts = TrajectoryComparison.of(reference, withoutLosses(moved), reference, withoutLosses(run), quarter)
                .firstFailingStep();
        if (parts >= 0) {
            reach = new TrainingReach(parts, "steps " + parts + " on not compared: there the reference's own run "
                    + "from parameters each moved to a neighbouring " + fixture.dtype().jsonName() + " leaves its run, "
                    + "so rounding alone changes the run");
        }
        if (float64 != null) {
            int leaves = TrajectoryComparison.of(reference, run, reference, float64, quarter).firstFailingStep();
            if (leaves >= 0 && leaves < reach.steps) {
                reach = new TrainingReach(leaves, "steps " + leaves + " on not compared: there the reference's own "
                        + "float32 run leaves its float64 run, so float32 rounding alone has changed the run");
            }
        }
        if (fixture.training().optimizer() instanceof Optimizer.Adam adam) {
            TrainingReach adamReach = AdamRoundingReach.of(fixture, run, reference, adam);
            if (adamReach.steps < reach.steps) {
                reach = adamReach;
            }
        }
        return reach;
    }

    private static Trajectory withoutLosses(Trajectory run) {
        return new Trajectory(java.util.Collections.nCopies(run.losses().size(), 0.0), run.params());
    }

    /** Each parameter moved to its neighbour in the fixture's dtype, up or down; 0 stays 0. */
    private static Map<String, Tensor> moved(Fixture fixture) {
        SplitMix64 signs = new SplitMix64(SIGNS_SEED);
        Map<String, Tensor> moved = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> param : fixture.params().entrySet()) {
            double[] values = param.getValue().data();
            for (int i = 0; i < values.length; i++) {
                boolean up = signs.uniform() < 0.5;
                if (values[i] == 0) {
                    continue;
                }
                values[i] = fixture.dtype() == DType.FLOAT32
                        ? (up ? Math.nextUp((float) values[i]) : Math.nextDown((float) values[i]))
                        : (up ? Math.nextUp(values[i]) : Math.nextDown(values[i]));
            }
            moved.put(param.getKey(), new Tensor(param.getValue().shape(), values));
        }
        return moved;
    }
}
