package dev.quiver.runtime.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The runtime's own settings ({@code quiver.*}). */
@ConfigMapping(prefix = "quiver")
public interface QuiverConfig {

    /**
     * Where functions run: {@code local} (child processes on this machine) or {@code kubernetes} (Deployments and
     * Jobs made by the controller). Read at start-up (env {@code QUIVER_PLATFORM}), so one image serves both.
     */
    @WithDefault("local")
    String platform();

    /** The local platform. */
    Local local();

    /** The admin API for the CLI. */
    Admin admin();

    /** The Kubernetes platform. */
    Kubernetes kubernetes();

    /** The web dashboard. */
    Dashboard dashboard();

    /** The NATS server functions and triggers use. */
    Nats nats();

    /** The autoscaler. */
    Autoscaler autoscaler();

    /** Asynchronous HTTP invocations. */
    Async async();

    /** Traces (OTLP); off unless an endpoint is set. */
    Tracing tracing();

    /**
     * Settings of traces ({@code quiver.tracing.*}, env {@code QUIVER_TRACING_*}). {@link TracingDefaults} turns them
     * into Quarkus's {@code quarkus.otel.*} settings; local function processes get them as {@code OTEL_*} variables.
     */
    interface Tracing {
        /**
         * The OTLP collector's base URL (e.g. {@code http://otel-collector:4318}); spans go to
         * {@code <endpoint>/v1/traces}. Unset: no tracing at all (the OpenTelemetry SDK is disabled).
         */
        @WithName("otlp-endpoint")
        Optional<String> otlpEndpoint();

        /** The OTLP protocol: {@code http/protobuf} (port 4318 by convention) or {@code grpc} (4317). */
        @WithName("otlp-protocol")
        @WithDefault(TracingDefaults.DEFAULT_PROTOCOL)
        String otlpProtocol();
    }

    /** Settings of the local platform. */
    interface Local {
        /** The folder whose subfolders with a function.yaml are served. */
        @WithName("functions-dir")
        @WithDefault("functions")
        String functionsDir();

        /** Where builds, logs and AOT caches go; default {@code <functions-dir>/.quiver}. */
        @WithName("work-dir")
        Optional<String> workDir();

        /** The JDK that runs functions; default the newest in /usr/lib/jvm (Temurin 25 when installed). */
        @WithName("java-home")
        Optional<String> javaHome();

        /** How long a new replica may take to pass readiness before its revision fails. */
        @WithName("readiness-deadline")
        @WithDefault("60s")
        Duration readinessDeadline();

        /** How long a stopping replica may drain after SIGTERM before it is killed. */
        @WithName("drain-timeout")
        @WithDefault("30s")
        Duration drainTimeout();

        /** Pause between taking a replica out of routing and signalling it. */
        @WithName("drain-delay")
        @WithDefault("300ms")
        Duration drainDelay();

        /** How long a replica scaled to zero stays frozen (SIGSTOP) for a fast resume; 0s turns it off. */
        @WithDefault("5m")
        Duration retention();

        /** Whether the functions folder is watched and changed functions rebuilt. */
        @WithDefault("true")
        boolean watch();

        /** Whether Maven first runs offline. */
        @WithName("offline-build-first")
        @WithDefault("true")
        boolean offlineBuildFirst();
    }

    /** Where NATS is, how the runtime signs in, and the limits of the streams it creates. */
    interface Nats {
        /** The server's URL; the local platform uses it when something answers there. */
        @WithDefault("nats://127.0.0.1:4222")
        String url();

        /** A NATS creds file (JWT and NKey seed) the runtime signs in with (env {@code QUIVER_NATS_CREDS_FILE}). */
        @WithName("creds-file")
        Optional<String> credsFile();

        /** A file holding the runtime's NKey seed (env {@code QUIVER_NATS_NKEY_FILE}). */
        @WithName("nkey-file")
        Optional<String> nkeyFile();

        /** The runtime's NATS user (env {@code QUIVER_NATS_USER}), with {@link #password()}. */
        Optional<String> user();

        /** The user's password (env {@code QUIVER_NATS_PASSWORD}, e.g. from a Secret); never logged. */
        Optional<String> password();

        /** An authentication token (env {@code QUIVER_NATS_TOKEN}); never logged. */
        Optional<String> token();

        /** TLS to the server. */
        Tls tls();

        /**
         * Subjects namespaces may use in triggers beyond {@code <namespace>.>} and their dead letters, on the
         * Kubernetes platform: {@code namespace=subject} entries, comma-separated (env
         * {@code QUIVER_NATS_NAMESPACE_SUBJECTS}, e.g. {@code team-a=orders.>,team-a=billing.paid}). The controller
         * reads the same setting; the runtime binds no trigger outside it.
         */
        @WithName("namespace-subjects")
        Optional<List<String>> namespaceSubjects();

        /** Limits of the streams the runtime creates for triggers ({@code createStream: true}, dead letters). */
        Streams streams();

        /** TLS settings: PEM files, as a Kubernetes TLS Secret mounts them. */
        interface Tls {
            /** The CA certificate(s) the server's certificate must chain to; setting it turns TLS on. */
            @WithName("ca-file")
            Optional<String> caFile();

            /** The runtime's client certificate, when the server verifies clients (with {@link #keyFile()}). */
            @WithName("cert-file")
            Optional<String> certFile();

            /** The client certificate's PKCS#8 key. */
            @WithName("key-file")
            Optional<String> keyFile();
        }

        /** Stream limits; a full stream refuses new messages (the publisher gets an error) rather than drop old ones. */
        interface Streams {
            /** How long a message is kept. */
            @WithName("max-age")
            @WithDefault("168h")
            Duration maxAge();

            /** The most bytes a stream holds. */
            @WithName("max-bytes")
            @WithDefault("1073741824")
            long maxBytes();

            /** The most messages a stream holds. */
            @WithName("max-msgs")
            @WithDefault("1000000")
            long maxMsgs();

            /** The largest message. */
            @WithName("max-msg-size")
            @WithDefault("1048576")
            int maxMsgSize();
        }
    }

    /** Settings of the admin API. */
    interface Admin {
        /** Its port on 127.0.0.1. */
        @WithDefault("8081")
        int port();
    }

    /**
     * Settings of the web dashboard ({@code dev.quiver.runtime.dashboard}): its own port, the UI at {@code /} and a
     * JSON API at {@code /api/v1} that needs a token.
     */
    interface Dashboard {
        /**
         * Its port (env {@code QUIVER_DASHBOARD_PORT}): 0 picks a free one, -1 turns it off. Unset: 8082 on the local
         * platform, off on Kubernetes (a cluster serves it only when asked to).
         */
        Optional<Integer> port();

        /** The address it binds; bound to loopback, requests must name loopback as their Host. */
        @WithDefault("127.0.0.1")
        String host();

        /**
         * The token API requests carry (env {@code QUIVER_DASHBOARD_TOKEN}, e.g. from a Secret; never logged). Locally
         * the admin API's token when unset; on Kubernetes it must be set, or the dashboard stays off.
         */
        Optional<String> token();

        /** The longest a call of a function from the dashboard ({@code /invoke}) may take. */
        @WithName("invoke-timeout")
        @WithDefault("60s")
        Duration invokeTimeout();
    }

    /** Settings of the autoscaler. */
    interface Autoscaler {
        /** The stable window (Knative: 60s); the panic window is a tenth of it. */
        @WithName("stable-window")
        @WithDefault("60s")
        Duration stableWindow();
    }

    /** Settings of the Kubernetes platform. */
    interface Kubernetes {
        /** The namespaces whose Functions are served (env {@code QUIVER_KUBERNETES_NAMESPACES}, comma-separated); unset for all. */
        Optional<List<String>> namespaces();

        /**
         * The namespace {@code /fn/<name>} means (env {@code QUIVER_KUBERNETES_DEFAULT_NAMESPACE}, or
         * {@code QUIVER_DEFAULT_NAMESPACE}); default the first of {@link #namespaces()}, else {@code default}.
         * Other namespaces' functions are reached at {@code /fn/<namespace>/<name>}.
         */
        @WithName("default-namespace")
        Optional<String> defaultNamespace();

        /** Where the runtime's Leases live; default the pod's own namespace. */
        @WithName("runtime-namespace")
        Optional<String> runtimeNamespace();

        /** This replica's name in leader election; default {@code $HOSTNAME} (the pod name). */
        Optional<String> identity();

        /** The Lease the leader holds. */
        @WithName("lease-name")
        @WithDefault("quiver-runtime-leader")
        String leaseName();

        /** How long a Lease lasts unrenewed before another replica may take it. */
        @WithName("lease-duration")
        @WithDefault("15s")
        Duration leaseDuration();

        /** How long the leader keeps trying to renew before it stops leading. */
        @WithName("renew-deadline")
        @WithDefault("10s")
        Duration renewDeadline();

        /** How often candidates try to acquire and the leader renews. */
        @WithName("retry-period")
        @WithDefault("2s")
        Duration retryPeriod();

        /** Load reports older than this are left out (a replica that stopped reporting is gone). */
        @WithName("load-report-max-age")
        @WithDefault("30s")
        Duration loadReportMaxAge();

        /**
         * How often the leader rewrites an unchanged trigger report (a change is written at once); a report holds
         * for three of these, so the controller and the CLI tell a stale one.
         */
        @WithName("trigger-report-heartbeat")
        @WithDefault("30s")
        Duration triggerReportHeartbeat();
    }

    /** Settings of asynchronous invocations ({@code Prefer: respond-async}); they need NATS with JetStream. */
    interface Async {
        /** Whether the gateway accepts asynchronous requests (503 when off or while NATS is unreachable). */
        @WithDefault("true")
        boolean enabled();

        /** Whether this runtime also runs stored requests; off makes a runtime that only accepts them. */
        @WithDefault("true")
        boolean worker();

        /** Calls of the function before an invocation counts as failed. */
        @WithName("max-attempts")
        @WithDefault("5")
        int maxAttempts();

        /** Wait before the second attempt; it doubles for each further one. */
        @WithDefault("1s")
        Duration backoff();

        /** The longest wait between attempts. */
        @WithName("max-backoff")
        @WithDefault("60s")
        Duration maxBackoff();

        /**
         * Invocations of one function that run at the same time, all runtimes together: each function has its own
         * consumer with this in-flight limit, so a slow function never holds up another's.
         */
        @WithDefault("64")
        int concurrency();

        /** How long requests and status records are kept. */
        @WithDefault("24h")
        Duration retention();

        /** POSTs to the callback URL before its delivery counts as failed. */
        @WithName("callback-attempts")
        @WithDefault("3")
        int callbackAttempts();

        /** The longest one POST to the callback URL may take, its answer included (a trickling receiver is cut). */
        @WithName("callback-timeout")
        @WithDefault("30s")
        Duration callbackTimeout();

        /** How long a silent worker keeps an invocation before another runtime takes it over. */
        @WithName("ack-wait")
        @WithDefault("30s")
        Duration ackWait();

        /**
         * The largest asynchronous request as stored, its body in Base64 with its headers (at most NATS's message
         * limit, 1 MiB by default, less 1 KiB): bodies up to three quarters of it fit; larger ones get a JSON 413.
         */
        @WithName("max-body-bytes")
        @WithDefault("983040")
        long maxBodyBytes();

        /**
         * Internal addresses callbacks may reach after all: CIDR blocks, addresses or host names
         * ({@code *.svc.cluster.local}), comma-separated. Loopback, link-local, private, CGNAT, unique-local and
         * multicast addresses are refused otherwise; the local platform always allows loopback.
         */
        @WithName("callback-allow")
        Optional<List<String>> callbackAllow();
    }
}
