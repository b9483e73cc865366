package dev.quiver.cli;

import dev.quiver.cli.fake.CliRun;
import dev.quiver.cli.fake.FakeQuiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.quiver.api.testing.Fixtures.function;
import static dev.quiver.api.testing.Fixtures.jetstream;
import static dev.quiver.api.testing.Fixtures.jobMode;
import static dev.quiver.api.testing.Fixtures.nats;
import static dev.quiver.api.testing.Fixtures.readyOn;
import static org.assertj.core.api.Assertions.assertThat;

/** quiver describe's trigger and Job sections over real HTTP against a fake admin API on loopback. */
class DescribeEventsIT {

    private FakeQuiver fake;

    @BeforeEach
    void startFake() throws Exception {
        fake = FakeQuiver.start()
                .with(function("link-checker", readyOn("link-checker-00001"), jetstream("LINKS", "link-events")))
                .with(function("link-manager", readyOn("link-manager-00001"), nats("link-results")))
                .with(function("hello", readyOn("hello-00001")))
                .with(function("report", readyOn("report-00001"), jobMode()));
    }

    @AfterEach
    void stopFake() {
        fake.close();
    }

    private CliRun describe(String name) {
        return CliRun.of("describe", name, "--admin-url=" + fake.url());
    }

    @Test
    void triggerStateLagRedeliveriesAndDeadLettersAreShown() {
        fake.withTriggers("link-checker", "{\"function\":\"link-checker\",\"triggers\":[{\"kind\":\"jetstream\","
                + "\"subject\":\"link-events\",\"stream\":\"LINKS\",\"durable\":\"quiver-default-link-checker-0\","
                + "\"state\":\"Active\",\"delivered\":120,\"pending\":7,\"ackPending\":2,\"redelivered\":5,"
                + "\"deadLettered\":1,\"failed\":6}]}");

        CliRun run = describe("link-checker");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsSubsequence("Conditions:", "Triggers:",
                "KIND", "SUBJECT", "SOURCE", "STATE", "DELIVERED", "PENDING", "ACK-PENDING", "REDELIVERED", "DEAD-LETTERED",
                "jetstream", "link-events", "stream LINKS / quiver-default-link-checker-0", "Active", "120", "7", "2", "5",
                "1", "6");
    }

    @Test
    void triggerThatIsNotActiveShowsWhy() {
        fake.withTriggers("link-manager", "{\"function\":\"link-manager\",\"triggers\":[{\"kind\":\"nats\","
                + "\"subject\":\"link-results\",\"queueGroup\":\"link-manager\",\"state\":\"Waiting\","
                + "\"message\":\"no NATS server: waiting for nats://127.0.0.1:4222\",\"delivered\":0}]}");

        CliRun run = describe("link-manager");

        assertThat(run.out()).containsSubsequence("nats", "link-results", "queue link-manager", "Waiting", "0",
                "link-results: no NATS server: waiting for nats://127.0.0.1:4222");
    }

    @Test
    void runtimeWithoutTriggerStatusSaysItIsNotAvailable() {
        CliRun run = describe("link-checker");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Triggers:\n  trigger status not available");
    }

    @Test
    void functionWithoutEventTriggersOnSuchARuntimeHasNoTriggerSection() {
        CliRun run = describe("hello");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Conditions:").doesNotContain("Triggers:").doesNotContain("Jobs:");
    }

    @Test
    void jobModeFunctionShowsRunningJobsAgainstTheCapAndTheLatestResults() {
        fake.withJobs("report", "{\"function\":\"report\",\"running\":2,\"cap\":5,\"results\":[{\"id\":\"report-7\","
                + "\"revision\":\"report-00001\",\"status\":\"failed\",\"exitCode\":3,\"durationMillis\":1520,"
                + "\"error\":\"exit status 3\",\"finishedAt\":\"2024-05-01T10:00:00Z\"}]}");

        CliRun run = describe("report");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsSubsequence("Jobs:", "running: 2 of at most 5",
                "ID", "REVISION", "STATUS", "EXIT", "DURATION", "FINISHED", "ERROR",
                "report-7", "report-00001", "failed", "3", "1520ms", "2024-05-01T10:00:00Z", "exit status 3");
    }

    @Test
    void jobModeFunctionOnARuntimeWithoutJobStatusSaysItIsNotAvailable() {
        CliRun run = describe("report");

        assertThat(run.out()).contains("Jobs:\n  job status not available");
    }
}
