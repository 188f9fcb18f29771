package parity.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import parity.report.ParityReport;

/** What a written {@code parity-report.json} says about each fixture. */
public final class ReportFile {

    private ReportFile() {
    }

    /** One {@code "NAME STATUS"} per fixture, in report order. */
    public static List<String> statuses(Path reportDir) throws IOException {
        List<String> statuses = new ArrayList<>();
        fixtures(reportDir).forEach(f -> statuses.add(f.get("name").asText() + " " + f.get("status").asText()));
        return statuses;
    }

    public static JsonNode fixtures(Path reportDir) throws IOException {
        return new ObjectMapper().readTree(reportDir.resolve(ParityReport.JSON_FILE).toFile()).get("fixtures");
    }
}
