package parity.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import parity.compare.NetworkRule;

/**
 * A failure names the broken rule as docs/network.md's section "The network and its math" writes it, so
 * that a reader finds it there: every rule's formula stands in that section's table, quoted exactly.
 */
class NetworkRulesInReadmeTest {

    @Test
    void everyRuleAFailureCanNameIsInTheMathSection() throws IOException {
        String math = section(Files.readString(Path.of("..", "docs", "network.md")), "## The network and its math");
        List<String> missing = Arrays.stream(NetworkRule.values()).map(NetworkRule::formula)
                .filter(formula -> !math.contains("| `" + formula + "` |")).toList();
        assertEquals(List.of(), missing, "rules missing from the table in docs/network.md");
    }

    /** From the heading to the next heading of the same level. */
    private static String section(String readme, String heading) {
        int start = readme.indexOf(heading + "\n");
        assertTrue(start >= 0, "docs/network.md has no section " + heading);
        int end = readme.indexOf("\n## ", start + heading.length());
        return readme.substring(start, end < 0 ? readme.length() : end);
    }
}
