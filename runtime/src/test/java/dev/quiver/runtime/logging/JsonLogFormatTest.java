package dev.quiver.runtime.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.MDC;
import org.junit.jupiter.api.Test;

class JsonLogFormatTest {

    @Test
    void aRecordIsOneJsonLineWithItsFieldsExceptionAndMdc() throws Exception {
        MDC.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
        ExtLogRecord record;
        try {
            record = new ExtLogRecord(Level.WARNING, "revision %s \"failed\"\nagain", ExtLogRecord.FormatStyle.PRINTF,
                    JsonLogFormatTest.class.getName());
            record.setParameters(new Object[] {"hello-00001"});
            record.setLoggerName("dev.quiver.runtime.Test");
            record.setThrown(new IllegalStateException("boom"));
            record.copyMdc();
        } finally {
            MDC.remove("traceId");
        }

        String line = new JsonLogFormat().format(record);

        assertThat(line).endsWith("}\n").doesNotContain("\n{").hasLineCount(1);
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.path("level").asText()).isEqualTo("WARNING");
        assertThat(json.path("loggerName").asText()).isEqualTo("dev.quiver.runtime.Test");
        assertThat(json.path("message").asText()).isEqualTo("revision hello-00001 \"failed\"\nagain");
        assertThat(json.path("threadName").asText()).isEqualTo(Thread.currentThread().getName());
        assertThat(json.path("timestamp").asText()).endsWith("Z");
        assertThat(json.path("exception").asText()).startsWith("java.lang.IllegalStateException: boom");
        assertThat(json.path("mdc").path("traceId").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void aRecordWithoutExceptionOrMdcHasNeither() throws Exception {
        ExtLogRecord record = new ExtLogRecord(Level.INFO, "ready", JsonLogFormatTest.class.getName());
        record.setLoggerName("x");

        JsonNode json = new ObjectMapper().readTree(new JsonLogFormat().format(record));

        assertThat(json.has("exception")).isFalse();
        assertThat(json.has("mdc")).isFalse();
        assertThat(json.path("message").asText()).isEqualTo("ready");
    }
}
