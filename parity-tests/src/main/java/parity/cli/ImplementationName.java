package parity.cli;

import parity.compare.Implementation;

/** The implementations {@code --impl} names. */
enum ImplementationName {
    core(Implementation.CORE),
    reference(Implementation.REFERENCE),
    numeric(Implementation.NUMERIC);

    final Implementation implementation;

    ImplementationName(Implementation implementation) {
        this.implementation = implementation;
    }
}
