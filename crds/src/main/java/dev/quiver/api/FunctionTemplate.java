package dev.quiver.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.ArrayList;
import java.util.List;

/** How each replica of a revision runs. */
public class FunctionTemplate extends ApiValue {

    /** Default of {@link #timeoutSeconds}, as in Knative. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 300;
    /** Default of {@link #containerConcurrency}: no limit. */
    public static final int DEFAULT_CONTAINER_CONCURRENCY = 0;

    /** Environment variables of the function's container. */
    @JsonPropertyDescription("Environment variables of the function's container.")
    @Size(max = 200)
    public List<EnvVar> env = new ArrayList<>();

    /** ConfigMaps and Secrets whose keys become environment variables. */
    @JsonPropertyDescription("ConfigMaps and Secrets whose keys become environment variables. "
            + "Their data is copied into the revision, so a rollback restores it.")
    @Size(max = 20)
    public List<EnvFromSource> envFrom = new ArrayList<>();

    /** ConfigMaps mounted as files. */
    @JsonPropertyDescription("ConfigMaps mounted as files (one file per key). Their data is copied into the revision.")
    @Size(max = 20)
    public List<MountedFiles> configFiles = new ArrayList<>();

    /** Secrets mounted as files. */
    @JsonPropertyDescription("Secrets mounted as files (one file per key). Their data is copied into the revision.")
    @Size(max = 20)
    public List<MountedFiles> secretFiles = new ArrayList<>();

    /** CPU and memory requests and limits of the function's container. */
    @JsonPropertyDescription("CPU and memory requests and limits of the function's container.")
    public ResourceRequirements resources;

    /** Longest time one invocation may take. */
    @JsonPropertyDescription("Longest time one invocation may take, in seconds; the gateway answers 504 after it.")
    @Default("" + DEFAULT_TIMEOUT_SECONDS)
    @Min(1)
    @Max(3600)
    public Integer timeoutSeconds;

    /** Hard limit of concurrent requests per replica; 0 means no limit. */
    @JsonPropertyDescription("Hard limit of requests in flight per replica; more wait in a bounded queue. 0 means no limit.")
    @Default("" + DEFAULT_CONTAINER_CONCURRENCY)
    @Min(0)
    @Max(1000)
    public Integer containerConcurrency;

    /** How the platform knows a replica can take traffic; when unset, a default chosen when the app is built. */
    @JsonPropertyDescription("How the platform knows a replica can take requests. When unset, Quiver picks one when it "
            + "builds the app: GET /health/ready for an app with the Quiver SDK, GET /q/health/ready for one with "
            + "SmallRye Health, else a TCP connect to $PORT. The revision's status.probes says which.")
    public HealthProbe readinessProbe;

    /** How the platform knows a replica is alive; a replica failing it is restarted. Default as for readiness. */
    @JsonPropertyDescription("How the platform knows a replica is alive; one that fails it failureThreshold times in a "
            + "row is restarted. When unset: /health/live, /q/health/live or a TCP connect, as for readiness.")
    public HealthProbe livenessProbe;

    /** Autoscaling bounds and target. */
    @JsonPropertyDescription("Autoscaling bounds and target. A change here applies to existing revisions and makes no new one.")
    public ScaleSpec scale;

    /** The timeout, defaulted. */
    public int timeoutSecondsOrDefault() {
        return timeoutSeconds == null ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds;
    }

    /** The concurrency limit, defaulted (0 = none). */
    public int containerConcurrencyOrDefault() {
        return containerConcurrency == null ? DEFAULT_CONTAINER_CONCURRENCY : containerConcurrency;
    }

    /** The scale settings, or all defaults. */
    public ScaleSpec scaleOrDefault() {
        return scale == null ? new ScaleSpec() : scale;
    }
}
