package dev.quiver.controller;

import dev.quiver.api.contract.FunctionEnvironment;
import dev.quiver.controller.resources.PodScheduling;
import dev.quiver.controller.resources.PodSettings;
import dev.quiver.controller.resources.ResourceDefaults;
import io.fabric8.kubernetes.api.model.Quantity;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Settings of the controller ({@code quiver.controller.*}). */
@ConfigMapping(prefix = "quiver.controller")
public interface ControllerConfig {

    /** Base URL of the gateway; a function's URL is {@code <gateway-url>/fn/<name>}. */
    @WithDefault("http://quiver-gateway.quiver-system.svc.cluster.local")
    String gatewayUrl();

    /**
     * Base URL of the gateway as function pods call it ({@code QUIVER_GATEWAY_URL}, the SDK's client): the gateway
     * Service inside the cluster, which {@link #gatewayUrl()} (what users are shown) need not be.
     */
    @WithDefault(PodSettings.IN_CLUSTER_GATEWAY)
    String functionGatewayUrl();

    /** The NATS server function pods get as {@code NATS_URL}; unset when Quiver runs without NATS. */
    Optional<String> natsUrl();

    /**
     * Where function pods send spans ({@code OTEL_*} variables), when the platform traces: by default the setting the
     * runtime reads too, {@code quiver.tracing.otlp-endpoint} (env {@code QUIVER_TRACING_OTLP_ENDPOINT}).
     */
    Tracing tracing();

    /** {@code quiver.controller.tracing.*}. */
    interface Tracing {

        /** The OTLP collector's base URL; unset: function pods get no tracing variables. */
        @WithName("otlp-endpoint")
        Optional<String> otlpEndpoint();

        /** The OTLP protocol ({@code http/protobuf} or {@code grpc}). */
        @WithName("otlp-protocol")
        Optional<String> otlpProtocol();
    }

    /** How many revisions that serve no traffic are kept for rollback before the oldest are deleted. */
    @WithDefault("5")
    int retainedRevisions();

    /** How long a revision's Deployment may take to become available before the revision is failed. */
    @WithDefault("600")
    int progressDeadlineSeconds();

    /** Requests and limits of function containers whose template leaves them out. */
    DefaultResources defaultResources();

    /** The settings every function pod is built with. */
    default PodSettings podSettings() {
        Map<String, Quantity> requests = new TreeMap<>();
        requests.put("cpu", new Quantity(defaultResources().requests().cpu()));
        requests.put("memory", new Quantity(defaultResources().requests().memory()));
        Map<String, Quantity> limits = new TreeMap<>();
        defaultResources().limits().cpu().ifPresent(cpu -> limits.put("cpu", new Quantity(cpu)));
        limits.put("memory", new Quantity(defaultResources().limits().memory()));
        return new PodSettings(new FunctionEnvironment.Addresses(functionGatewayUrl(), natsUrl(),
                FunctionEnvironment.Tracing.of(tracing().otlpEndpoint(), tracing().otlpProtocol())),
                new ResourceDefaults(requests, limits),
                PodScheduling.parse(functions().nodeSelector().orElse(List.of()), functions().tolerations(),
                        functions().imagePullSecrets().orElse(List.of()), functions().runtimeClassName()));
    }

    /** Where and how every function pod runs. */
    Functions functions();

    /**
     * Scheduling of function pods ({@code quiver.controller.functions.*}), the same for every Function (a Function
     * cannot choose its nodes); unset = the cluster's defaults. Helm: {@code functionPods.*}.
     */
    interface Functions {

        /** Node labels, comma-separated {@code key=value}: {@code kubernetes.io/os=linux,pool=functions}. */
        Optional<List<String>> nodeSelector();

        /** Taints tolerated, as a JSON array of Kubernetes tolerations. */
        Optional<String> tolerations();

        /** Secrets (in each function namespace) for pulling function images, comma-separated names. */
        Optional<List<String>> imagePullSecrets();

        /** RuntimeClass of function pods, e.g. gvisor for untrusted code. */
        Optional<String> runtimeClassName();
    }

    /**
     * Default requests and limits ({@code quiver.controller.default-resources.*}), sized for a small Quarkus (JVM)
     * function: the {@code hello} sample is about 90 MiB resident after start and 140 MiB after 2,000 requests
     * (JDK 17, 384 MiB heap), so 256Mi requested; the image's JVM takes 75 % of the limit as heap, so 512Mi gives
     * it 384Mi. 100m CPU lets an idle function be scheduled densely; no CPU limit, because throttling a JVM
     * stretches its start-up, which is on the cold path.
     */
    interface DefaultResources {

        /** Default requests. */
        Requests requests();

        /** Default limits. */
        Limits limits();

        /** {@code default-resources.requests.*}. */
        interface Requests {

            /** CPU requested. */
            @WithDefault("100m")
            String cpu();

            /** Memory requested. */
            @WithDefault("256Mi")
            String memory();
        }

        /** {@code default-resources.limits.*}. */
        interface Limits {

            /** CPU limit; none by default. */
            Optional<String> cpu();

            /** Memory limit. */
            @WithDefault("512Mi")
            String memory();
        }
    }

    /** How images given by tag are pinned to a digest when a revision is made. */
    Images images();

    /** Settings of image resolution ({@code quiver.controller.images.*}). */
    interface Images {

        /**
         * Whether a new revision's image given by tag ({@code repo:1}) is resolved against its registry and pinned
         * ({@code repo:1@sha256:...}), so that a revision always runs the same bytes; a tag that cannot be resolved
         * makes no revision. Off only where images are not in a reachable registry (tests with made-up names).
         */
        @WithDefault("true")
        boolean resolveDigests();

        /** Registry hosts ({@code host[:port]}) read over plain HTTP; loopback registries always are. */
        Optional<List<String>> insecureRegistries();

        /** How long one request to a registry may take. */
        @WithDefault("10")
        int timeoutSeconds();
    }

    /** How Functions with {@code spec.build} are built in the cluster. */
    Build build();

    /** Settings of build Jobs ({@code quiver.controller.build.*}). */
    interface Build {

        /** Image with the Quiver CLI, Maven and a JDK; each build Job runs {@code quiver build} in it. */
        @WithDefault("ghcr.io/quiver-dev/quiver-builder:${quarkus.application.version:latest}")
        String builderImage();

        /** Small image with sh, git, wget, tar, unzip and sha256sum that fetches the source before the build. */
        @WithDefault("docker.io/alpine/git:2.47.2")
        String sourceImage();

        /** A PersistentVolumeClaim (in the Function's namespace) shared as Maven's cache; unset: an emptyDir per build. */
        Optional<String> mavenCacheClaim();

        /** Registry hosts ({@code host[:port]}) pushed to over plain HTTP or with an untrusted certificate. */
        Optional<List<String>> insecureRegistries();

        /** How long a build may run before it is stopped and reported as timed out. */
        @WithDefault("1800")
        long timeoutSeconds();

        /** How long a finished build Job (and its log) is kept before Kubernetes deletes it. */
        @WithDefault("3600")
        int ttlSecondsAfterFinished();

        /** CPU the builder requests. */
        @WithDefault("1")
        String cpu();

        /** Memory the builder requests, and its limit. */
        @WithDefault("2Gi")
        String memory();
    }
}
