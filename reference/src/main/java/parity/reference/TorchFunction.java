package parity.reference;

/**
 * A function of your own that fixtures name, as the gate needs it: a {@link TorchActivation} or a
 * {@link TorchLoss}. Pass them to the checks whose fixtures name them ({@code ParitySuite.with},
 * {@code ParityAssertions}); nothing is registered globally, so one test's function never leaks into another's.
 */
public sealed interface TorchFunction permits TorchActivation, TorchLoss {

    /**
     * The name fixtures give it.
     *
     * @return the name
     */
    String name();
}
