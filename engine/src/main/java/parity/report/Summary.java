package parity.report;

import java.util.List;
import parity.compare.FixtureComparison;
import parity.compare.Status;

/** {@code 12 fixtures: 11 PASS, 1 FAIL, 0 ERROR}, and {@code , 2 SKIPPED} when any were. */
public final class Summary {

    private Summary() {
    }

    /**
     * The summary line of a run.
     *
     * @param comparisons one per fixture
     * @return the line
     */
    public static String of(List<FixtureComparison> comparisons) {
        StringBuilder text = new StringBuilder().append(comparisons.size())
                .append(comparisons.size() == 1 ? " fixture: " : " fixtures: ");
        for (Status status : Status.values()) {
            long count = comparisons.stream().filter(c -> c.status() == status).count();
            if (status != Status.SKIPPED || count > 0) {
                text.append(status == Status.PASS ? "" : ", ").append(count).append(' ').append(status);
            }
        }
        return text.toString();
    }
}
