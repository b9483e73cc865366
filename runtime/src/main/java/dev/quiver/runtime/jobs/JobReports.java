package dev.quiver.runtime.jobs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.api.ApiJson;

/**
 * A function's jobs as JSON: {@code {function, running, waiting, cap, results: [{id, revision, status, exitCode,
 * durationMillis, output, error, finishedAt}]}}, newest result first.
 */
public final class JobReports {

    private JobReports() {
    }

    /** The report as a JSON object. */
    public static ObjectNode toJson(JobInvoker.Report report) {
        ObjectNode body = ApiJson.json().createObjectNode();
        body.put("function", report.function());
        body.put("running", report.running());
        body.put("waiting", report.waiting());
        if (report.cap() == null) {
            body.putNull("cap");
        } else {
            body.put("cap", report.cap());
        }
        ArrayNode results = body.putArray("results");
        for (JobRecord record : report.results()) {
            ObjectNode item = results.addObject();
            item.put("id", record.id());
            item.put("revision", record.revision());
            item.put("status", record.status());
            if (record.exitCode() == null) {
                item.putNull("exitCode");
            } else {
                item.put("exitCode", record.exitCode());
            }
            item.put("durationMillis", record.durationMillis());
            item.put("output", record.output());
            item.put("error", record.error());
            item.put("finishedAt", record.finishedAt().toString());
        }
        return body;
    }
}
