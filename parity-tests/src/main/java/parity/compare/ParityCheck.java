package parity.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import parity.fixtures.Fixture;
import parity.fixtures.FixtureSource;
import parity.fixtures.InvalidFixtureException;
import parity.fixtures.LossAndGradients;
import parity.fixtures.Tensor;

/**
 * Runs a candidate and the reference on fixtures and compares loss and every gradient under the
 * fixture's tolerance. A fixture that cannot be read, or on which an engine fails, is an ERROR of its
 * own; the other fixtures are still compared.
 */
public final class ParityCheck {

    private final Implementation candidate;
    private final Implementation reference;

    public ParityCheck(Implementation candidate, Implementation reference) {
        this.candidate = candidate;
        this.reference = reference;
    }

    /** The hand-written core against PyTorch autograd. */
    public static ParityCheck coreAgainstReference() {
        return new ParityCheck(Implementation.CORE, Implementation.REFERENCE);
    }

    public List<FixtureComparison> check(List<FixtureSource> sources) {
        List<FixtureComparison> comparisons = new ArrayList<>();
        for (FixtureSource source : sources) {
            comparisons.add(check(source));
        }
        return comparisons;
    }

    public FixtureComparison check(FixtureSource source) {
        Fixture fixture;
        try {
            fixture = source.load();
        } catch (InvalidFixtureException e) {
            return FixtureComparison.error(source.label(), null, candidate, reference, e.getMessage());
        }
        return check(source.label(), fixture);
    }

    public FixtureComparison check(String source, Fixture fixture) {
        LossAndGradients expected;
        LossAndGradients actual;
        try {
            expected = run(reference, fixture);
            actual = run(candidate, fixture);
        } catch (EngineFailure e) {
            return FixtureComparison.error(source, fixture, candidate, reference, e.getMessage());
        }
        List<TensorDiff> tensors = new ArrayList<>();
        tensors.add(TensorDiff.of("loss", Tensor.scalar(actual.loss()), Tensor.scalar(expected.loss()),
                fixture.tolerance()));
        for (Map.Entry<String, Tensor> gradient : expected.gradients().entrySet()) {
            Tensor candidateGradient = actual.gradients().get(gradient.getKey());
            if (candidateGradient == null) {
                return FixtureComparison.error(source, fixture, candidate, reference,
                        source + ": " + candidate.name() + " returned no " + gradient.getKey());
            }
            tensors.add(TensorDiff.of(gradient.getKey(), candidateGradient, gradient.getValue(), fixture.tolerance()));
        }
        return new FixtureComparison(source, fixture, candidate, reference, tensors, null);
    }

    private static LossAndGradients run(Implementation implementation, Fixture fixture) throws EngineFailure {
        try {
            return implementation.lossAndGradients(fixture);
        } catch (RuntimeException | LinkageError e) {
            throw new EngineFailure(fixture.source() + ": " + implementation.name() + " failed: "
                    + firstLine(e));
        }
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(e.getClass().getSimpleName());
    }

    private static final class EngineFailure extends Exception {
        EngineFailure(String message) {
            super(message);
        }
    }
}
