package parity.api;

/** What the network is trained towards: class indices for cross-entropy, a matrix for MSE. */
public sealed interface Targets {

    /**
     * Number of samples N the targets are for.
     *
     * @return N
     */
    int samples();

    /** Which of the two a loss takes. */
    enum Kind {
        /** {@link ClassLabels}: one class index per sample. */
        CLASS_LABELS,
        /** {@link Values}: an N×D_out matrix. */
        VALUES
    }

    /** One class index in [0, D_out) per sample. */
    record ClassLabels(int[] labels) implements Targets {
        /**
         * Copies the labels.
         *
         * @param labels the class index of each sample, in order
         */
        public ClassLabels {
            labels = labels.clone();
        }

        /**
         * The class index of each sample, in order.
         *
         * @return a copy
         */
        @Override
        public int[] labels() {
            return labels.clone();
        }

        @Override
        public int samples() {
            return labels.length;
        }
    }

    /** An N×D_out matrix of regression targets. */
    record Values(Tensor values) implements Targets {
        @Override
        public int samples() {
            return values.shape()[0];
        }
    }
}
