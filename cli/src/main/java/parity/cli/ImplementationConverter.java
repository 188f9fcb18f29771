package parity.cli;

import java.util.Iterator;
import parity.api.Implementation;
import parity.compare.Implementations;
import picocli.CommandLine;

/**
 * {@code --impl NAME}: an implementation of the registry ({@link Implementations}), the same that
 * the JUnit API draws on; an unknown name is a usage error that lists the known ones.
 */
final class ImplementationConverter implements CommandLine.ITypeConverter<Implementation> {

    @Override
    public Implementation convert(String name) {
        try {
            return Implementations.named(name);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    /** The names {@code --help} and shell completion offer. */
    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Implementations.names().iterator();
        }
    }
}
