package dev.quiver.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * How the platform checks a replica: an HTTP GET that must answer 2xx, or a TCP connect that must be accepted.
 * Both go to the function's own port ({@code $PORT}), straight to the replica, not through the gateway. The local
 * platform and the pod template use the same settings ({@code dev.quiver.api.contract.Probes}).
 */
@ValidationRule(value = "has(self.httpGet) != has(self.tcpSocket)",
        message = "a probe needs exactly one of httpGet or tcpSocket")
public class HealthProbe extends ApiValue {

    /** An HTTP GET on the function's port; any 2xx answer passes. */
    @JsonPropertyDescription("An HTTP GET on the function's port; any 2xx answer passes.")
    public HttpGetAction httpGet;

    /** A TCP connect to the function's port; an accepted connection passes. */
    @JsonPropertyDescription("A TCP connect to the function's port; an accepted connection passes.")
    public TcpSocketAction tcpSocket;

    /** Seconds after the start before the first check. */
    @JsonPropertyDescription("Seconds after the replica starts before the first check (default 0).")
    @Min(0)
    @Max(600)
    public Integer initialDelaySeconds;

    /** Seconds between checks. */
    @JsonPropertyDescription("Seconds between checks (default 1 for readiness, 10 for liveness).")
    @Min(1)
    @Max(300)
    public Integer periodSeconds;

    /** Seconds one check may take. */
    @JsonPropertyDescription("Seconds one check may take before it counts as failed (default 1).")
    @Min(1)
    @Max(60)
    public Integer timeoutSeconds;

    /** Failed checks in a row that make the replica unready (readiness) or restart it (liveness). */
    @JsonPropertyDescription("Failed checks in a row that take the replica out of traffic (readiness) or restart it "
            + "(liveness); default 3.")
    @Min(1)
    @Max(100)
    public Integer failureThreshold;

    /** Creates an HTTP GET probe on a path of the function's port. */
    public static HealthProbe httpGet(String path) {
        HealthProbe probe = new HealthProbe();
        probe.httpGet = new HttpGetAction();
        probe.httpGet.path = path;
        return probe;
    }

    /** Creates a TCP connect probe on the function's port. */
    public static HealthProbe tcpSocket() {
        HealthProbe probe = new HealthProbe();
        probe.tcpSocket = new TcpSocketAction();
        return probe;
    }

    /** An HTTP GET check. */
    public static class HttpGetAction extends ApiValue {

        /** The path to GET, e.g. {@code /q/health/ready}. */
        @JsonPropertyDescription("The path to GET, as the app serves it (e.g. /q/health/ready), without the gateway's "
                + "/fn/<name> prefix.")
        @Pattern("^/[^\\s?#]*$")
        public String path;

        /** The port; when set it must be the function's port. */
        @JsonPropertyDescription("The port; may be left out. When set it must be the function's port (8080 in a pod; "
                + "the platform gives each local replica its own and sets $PORT).")
        public Integer port;
    }

    /** A TCP connect check. */
    public static class TcpSocketAction extends ApiValue {

        /** The port; when set it must be the function's port. */
        @JsonPropertyDescription("The port; may be left out. When set it must be the function's port (8080 in a pod).")
        public Integer port;
    }
}
