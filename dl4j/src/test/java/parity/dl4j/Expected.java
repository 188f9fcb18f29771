package parity.dl4j;

/**
 * What the bundled suite's run on DL4J is expected to give for one fixture: every fixture not listed in
 * {@link KnownOutcomes} passes; these are the others.
 */
sealed interface Expected {

    /** Not supported: DL4J cannot express the fixture's network; {@code reason} is {@link Dl4jSupport#whyNot}'s. */
    record Skipped(String reason) implements Expected {
    }

    /** Loss and gradients pass; the training block is not run: {@link Dl4jSupport#whyNotTrained}'s reason. */
    record TrainingNotCompared(String reason) implements Expected {
    }

    /**
     * A known difference between DL4J and PyTorch, FAIL: the oracles' verdict, where dl4j ↔ reference first part
     * (the failure message's {@code first divergence}), and the size there (the greatest |a - b|), which must lie
     * within 2 % of {@code size}: a DL4J version that changes the convention behind it changes it by more.
     *
     * @param explanation what the difference is, in a few words (docs/dl4j.md has it in full)
     */
    record Difference(String verdict, String where, double size, String explanation) implements Expected {
    }
}
