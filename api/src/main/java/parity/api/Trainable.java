package parity.api;

import java.util.function.Function;

/**
 * An {@link Implementation} that also runs a fixture's {@code training} block, so that its training
 * run is compared with the reference's step by step. {@link #train} starts from the fixture's
 * parameters and takes {@code training.steps} steps of the block's optimiser ({@link Training}; plain
 * full-batch SGD is {@code θ ← θ - lr·∂J/∂θ} for every parameter), returning the loss over all samples
 * before each step and after the last, and the parameters after each step (see {@link Trajectory}).
 * {@link #trains} says which blocks it runs; the others are reported as not compared.
 */
public interface Trainable extends Implementation {

    /**
     * The fixture's training run; called only for fixtures whose training block it {@link #trains}.
     *
     * @param fixture a fixture with a training block
     * @return the loss before each step and after the last, the parameters after each step
     */
    Trajectory train(Fixture fixture);

    /**
     * Whether {@link #train} runs this fixture's training block. By default full-batch plain SGD only, the
     * one block there was before momentum, weight decay, Adam, AdamW and mini-batches: an implementation
     * that runs those says so here.
     *
     * @param fixture a fixture with a training block
     * @return true when {@link #train} runs it
     */
    default boolean trains(Fixture fixture) {
        return fixture.training().plainSgd(fixture.samples());
    }

    /**
     * An implementation that trains, from two functions, named for messages; it trains every block.
     *
     * @param name the name, as {@link #name()}
     * @param description one line on what it is, as {@link #description()}
     * @param gradients {@link #lossAndGradients} of a fixture
     * @param training {@link #train} of a fixture
     * @return the implementation
     */
    static Trainable of(String name, String description, Function<Fixture, LossAndGradients> gradients,
            Function<Fixture, Trajectory> training) {
        return new FunctionImplementation.Training(name, description, gradients, training);
    }
}
