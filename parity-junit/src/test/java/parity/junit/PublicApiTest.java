package parity.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What a user of {@code parity-junit} sees: no public signature carries an ND4J or DJL type (a user
 * must not need either to implement or call the API), apart from the two deliberate hooks for a new
 * activation's and a new loss's reference forward, {@code TorchActivation} and {@code TorchLoss}; and every
 * public type says in Javadoc what it is for.
 */
class PublicApiTest {

    /** Every package of the artifacts a user's tests get: parity-junit, engine, reference, fixtures, api. */
    private static final String[] PACKAGES = {"parity.api", "parity.fixtures", "parity.junit", "parity.compare",
        "parity.numeric", "parity.rounding", "parity.report", "parity.reference"};

    /** An activation or loss of your own is written in DJL ops by design: the reference differentiates them. */
    private static final List<String> ALLOWED = List.of("parity.reference.TorchActivation", "parity.reference.TorchLoss");

    @Test
    void noPublicSignatureExposesNd4jOrDjl() {
        JavaClasses api = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(PACKAGES);
        assertEquals(List.of(), engineTypesIn(api));
    }

    /** The check can fail: a class that hands out a DJL array is reported, member by member. */
    @Test
    void theCheckCatchesAnExposedEngineType() {
        JavaClasses leaky = new ClassFileImporter().importClasses(LeakyApi.class);
        assertEquals(List.of(
                "parity.junit.PublicApiTest$LeakyApi.array exposes ai.djl.ndarray.NDArray",
                "parity.junit.PublicApiTest$LeakyApi.gradients(java.util.List) exposes ai.djl.ndarray.NDArray",
                "parity.junit.PublicApiTest$LeakyApi.shape() exposes ai.djl.ndarray.types.Shape"),
                engineTypesIn(leaky));
    }

    @Test
    void everyPublicTypeHasJavadoc() throws IOException {
        List<String> missing = new ArrayList<>();
        for (String module : List.of("../api", "../fixtures", "../reference", "../engine", ".")) {
            try (Stream<Path> files = Files.walk(Path.of(module, "src", "main", "java"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                    if (!publicTypesDocumented(Files.readAllLines(file))) {
                        missing.add(file.toString());
                    }
                }
            }
        }
        assertEquals(List.of(), missing, "public types without Javadoc");
    }

    @Test
    void theJavadocCheckCatchesAnUndocumentedType() {
        assertEquals(false, publicTypesDocumented(List.of("package x;", "", "// not Javadoc", "public final class X {")));
        assertEquals(true, publicTypesDocumented(List.of("/** What X is. */", "@Deprecated", "public record X() {")));
    }

    private static final Pattern PUBLIC_TYPE =
            Pattern.compile("^public (final |abstract |sealed |non-sealed )*(class|interface|record|enum) .*");

    /** Each top-level public type is preceded, past its annotations, by the end of a Javadoc comment. */
    private static boolean publicTypesDocumented(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (PUBLIC_TYPE.matcher(lines.get(i)).matches()) {
                int j = i - 1;
                while (j >= 0 && (lines.get(j).startsWith("@") || lines.get(j).isBlank())) {
                    j--;
                }
                if (j < 0 || !lines.get(j).strip().endsWith("*/") || !javadocAbove(lines, j)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The comment that ends at line {@code end} starts with {@code /**}. */
    private static boolean javadocAbove(List<String> lines, int end) {
        for (int k = end; k >= 0; k--) {
            String line = lines.get(k).strip();
            if (line.startsWith("/**")) {
                return true;
            }
            if (line.startsWith("/*")) {
                return false;
            }
        }
        return false;
    }

    private static List<String> engineTypesIn(JavaClasses classes) {
        List<String> exposures = new ArrayList<>();
        for (JavaClass type : classes) {
            if (!type.getModifiers().contains(JavaModifier.PUBLIC) || ALLOWED.contains(type.getName())) {
                continue;
            }
            for (JavaField field : type.getFields()) {
                if (field.getModifiers().contains(JavaModifier.PUBLIC)) {
                    check(type.getName() + "." + field.getName(), List.of(field.getType()), exposures);
                }
            }
            for (JavaCodeUnit unit : type.getCodeUnits()) {
                if (!unit.getModifiers().contains(JavaModifier.PUBLIC)) {
                    continue;
                }
                List<JavaType> involved = new ArrayList<>(unit.getParameterTypes());
                involved.add(unit.getReturnType());
                String signature = type.getName() + "." + unit.getName() + "(" + String.join(", ",
                        unit.getRawParameterTypes().stream().map(JavaClass::getName).toList()) + ")";
                check(signature, involved, exposures);
            }
        }
        exposures.sort(String::compareTo);
        return exposures;
    }

    private static void check(String member, List<JavaType> types, List<String> exposures) {
        types.stream().flatMap(t -> t.getAllInvolvedRawTypes().stream()).map(JavaClass::getName).distinct()
                .filter(name -> name.startsWith("org.nd4j.") || name.startsWith("ai.djl."))
                .forEach(name -> exposures.add(member + " exposes " + name));
    }

    /** Test data for the check: what must never be in the API. */
    public static final class LeakyApi {
        public ai.djl.ndarray.NDArray array;

        public ai.djl.ndarray.types.Shape shape() {
            return null;
        }

        public void gradients(List<ai.djl.ndarray.NDArray> gradients) {
        }

        void packagePrivateIsNotApi(ai.djl.ndarray.NDArray array) {
        }
    }
}
