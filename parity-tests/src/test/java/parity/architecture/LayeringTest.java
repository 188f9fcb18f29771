package parity.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The modules' layering, from the tests and the command line down to the API users implement:
 * <pre>
 * api        parity.api                                          uses nothing of the gate
 * fixtures   parity.fixtures                                     api
 * core       parity.core..                                       api (and ND4J)
 * reference  parity.reference                                    api (and DJL)
 * engine     parity.compare, .numeric, .rounding, .oracle, .report   api, fixtures, reference
 * junit      parity.junit                                        the engine (and JUnit)
 * cli        parity.cli                                          the engine and core
 * </pre>
 * core never sees DJL; reference never sees ND4J or core; nothing but the command line sees core, which
 * the gate reaches through the public {@code Implementation} interface like any user's network.
 */
class LayeringTest {

    private static final String[] ENGINE = {"parity.compare..", "parity.numeric..", "parity.rounding..",
        "parity.oracle..", "parity.report.."};

    private static final List<ArchRule> RULES = List.of(
            only("parity.api..", "parity.api.."),
            only("parity.fixtures..", "parity.fixtures..", "parity.api.."),
            only("parity.core..", "parity.core..", "parity.api.."),
            only("parity.reference..", "parity.reference..", "parity.api.."),
            noClasses().that().resideInAnyPackage(ENGINE)
                    .should().dependOnClassesThat().resideInAnyPackage("parity.core..", "parity.junit..", "parity.cli..",
                            "org.nd4j..", "org.junit..")
                    .as("the engine uses neither core, JUnit, the command line nor ND4J"),
            noClasses().that().resideInAPackage("parity.junit..")
                    .should().dependOnClassesThat().resideInAnyPackage("parity.core..", "parity.cli..", "org.nd4j..")
                    .as("parity-junit uses neither core, the command line nor ND4J"),
            noClasses().that().resideInAPackage("parity.core..")
                    .should().dependOnClassesThat().resideInAPackage("ai.djl..")
                    .as("core never sees DJL"),
            noClasses().that().resideInAPackage("parity.reference..")
                    .should().dependOnClassesThat().resideInAPackage("org.nd4j..")
                    .as("the reference never sees ND4J"));

    @Test
    void everyModuleUsesOnlyTheLayersBelowIt() {
        JavaClasses gate = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("parity");
        for (ArchRule rule : RULES) {
            rule.check(gate);
        }
    }

    /** The rules can fail: a class of the API that reached into the engine breaks the first. */
    @Test
    void aLayerThatReachesUpIsReported() {
        JavaClasses leaky = new ClassFileImporter().importClasses(ReachesUp.class);
        EvaluationResult result = only("parity.architecture..", "parity.architecture..").evaluate(leaky);

        assertFalse(result.getFailureReport().isEmpty());
        assertEquals(1, result.getFailureReport().getDetails().stream()
                .filter(line -> line.contains("parity.compare.Implementations")).count(), result.getFailureReport().toString());
    }

    /** Classes of {@code layer} depend on the gate's own classes of {@code allowed} packages only. */
    private static ArchRule only(String layer, String... allowed) {
        return noClasses().that().resideInAPackage(layer).should().dependOnClassesThat(
                com.tngtech.archunit.base.DescribedPredicate.describe("parity classes outside " + String.join(", ", allowed),
                        type -> type.getPackageName().startsWith("parity.")
                                && !com.tngtech.archunit.core.domain.PackageMatchers.of(allowed).test(type.getPackageName())))
                .as(layer + " uses only " + String.join(", ", allowed) + " of the gate");
    }

    /** Test data: a class that uses a layer it must not. */
    static final class ReachesUp {
        Object registry() {
            return parity.compare.Implementations.names();
        }
    }
}
