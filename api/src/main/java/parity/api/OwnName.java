package parity.api;

/** The rule for the name of a user's own activation or loss: fixture-friendly, and not a built-in's. */
final class OwnName {

    private OwnName() {
    }

    /**
     * @param what {@code activation} or {@code loss}, for the message
     * @throws IllegalArgumentException for a name that is not lower-case letters, digits and underscores starting
     *     with a letter, or that a built-in has
     */
    static void require(String what, String name, boolean builtIn) {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException(what + " name \"" + name
                    + "\": use lower-case letters, digits and underscores, starting with a letter");
        }
        if (builtIn) {
            throw new IllegalArgumentException(what + " \"" + name + "\" is built in and cannot be replaced");
        }
    }
}
