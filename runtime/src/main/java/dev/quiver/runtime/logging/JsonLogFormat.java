package dev.quiver.runtime.logging;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logmanager.ExtFormatter;
import org.jboss.logmanager.ExtLogRecord;

/**
 * One JSON object a line: {@code timestamp} (ISO-8601, UTC), {@code level}, {@code loggerName}, {@code message},
 * {@code threadName}, {@code exception} (the stack trace, when there is one) and {@code mdc} (the mapped diagnostic
 * context, e.g. a trace's {@code traceId}/{@code spanId}), for log collectors that read JSON. It writes only what
 * the code logs: what must never be logged (keys, tokens, passwords) is kept out of the messages themselves.
 */
public final class JsonLogFormat extends ExtFormatter {

    @Override
    public String format(ExtLogRecord record) {
        StringBuilder out = new StringBuilder(256);
        out.append("{\"timestamp\":");
        string(out, Instant.ofEpochMilli(record.getMillis()).toString());
        out.append(",\"level\":");
        string(out, record.getLevel().getName());
        out.append(",\"loggerName\":");
        string(out, record.getLoggerName());
        out.append(",\"message\":");
        string(out, record.getFormattedMessage());
        out.append(",\"threadName\":");
        string(out, record.getThreadName());
        Throwable thrown = record.getThrown();
        if (thrown != null) {
            StringWriter trace = new StringWriter();
            thrown.printStackTrace(new PrintWriter(trace));
            out.append(",\"exception\":");
            string(out, trace.toString());
        }
        Map<String, String> mdc = record.getMdcCopy();
        if (mdc != null && !mdc.isEmpty()) {
            out.append(",\"mdc\":{");
            boolean first = true;
            for (Map.Entry<String, String> entry : new TreeMap<>(mdc).entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, entry.getKey());
                out.append(':');
                string(out, entry.getValue());
            }
            out.append('}');
        }
        return out.append("}\n").toString();
    }

    /** Appends a JSON string (RFC 8259 escapes; null as {@code null}). */
    static void string(StringBuilder out, String value) {
        if (value == null) {
            out.append("null");
            return;
        }
        out.append('"');
        // Jackson's escaper (RFC 8259), which the runtime already carries for its API JSON
        JsonStringEncoder.getInstance().quoteAsString(value, out);
        out.append('"');
    }
}
