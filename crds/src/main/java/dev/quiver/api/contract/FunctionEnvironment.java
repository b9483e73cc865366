package dev.quiver.api.contract;

import dev.quiver.api.FunctionRevision;
import dev.quiver.api.TrafficTarget;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * The environment variables a platform gives every replica of a revision: the part of the function contract
 * that is the same on the local platform (child processes) and on Kubernetes (the pod template). Both platforms
 * compute it here, from who the replica is ({@link Identity}) and where it reaches the platform ({@link Addresses}),
 * and add it to the template's own variables by one rule ({@link #of}).
 */
public final class FunctionEnvironment {

    /** The port a function serves on in a pod (a local replica gets a free one); {@link #PORT} says it either way. */
    public static final int POD_PORT = 8080;
    /** The port the function serves HTTP on. */
    public static final String PORT = "PORT";
    /** The same port for a Quarkus app that does not read {@code $PORT} (one built without the Quiver SDK). */
    public static final String QUARKUS_HTTP_PORT = "QUARKUS_HTTP_PORT";
    /** The namespace of the revision (the tenant). */
    public static final String NAMESPACE = "QUIVER_NAMESPACE";
    /** The Function's name. */
    public static final String FUNCTION = "QUIVER_FUNCTION";
    /** The revision's name. */
    public static final String REVISION = "QUIVER_REVISION";
    /** Comma-separated header names that calls through the SDK pass on, so a chain follows the same route. */
    public static final String PROPAGATE_HEADERS = "QUIVER_PROPAGATE_HEADERS";
    /** The gateway functions call other functions through (the SDK's {@code QuiverClient}). */
    public static final String GATEWAY_URL = "QUIVER_GATEWAY_URL";
    /** The NATS server functions publish to, when the platform has one. */
    public static final String NATS_URL = "NATS_URL";
    /** Where spans go (OTLP base URL; OpenTelemetry's standard variable, read by SDKs of every language). */
    public static final String OTEL_ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";
    /** The OTLP protocol, {@code http/protobuf} or {@code grpc}. */
    public static final String OTEL_PROTOCOL = "OTEL_EXPORTER_OTLP_PROTOCOL";
    /** The service name of a function's spans: the Function's name. */
    public static final String OTEL_SERVICE_NAME = "OTEL_SERVICE_NAME";
    /** {@link #OTEL_ENDPOINT} for Quarkus's OpenTelemetry extension, which reads its own names. */
    public static final String QUARKUS_OTEL_ENDPOINT = "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
    /** {@link #OTEL_PROTOCOL} for Quarkus. */
    public static final String QUARKUS_OTEL_PROTOCOL = "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL";
    /** {@link #OTEL_SERVICE_NAME} for Quarkus. */
    public static final String QUARKUS_OTEL_SERVICE_NAME = "QUARKUS_OTEL_SERVICE_NAME";
    /**
     * {@code false} with the tracing variables: a function that added Quarkus's OpenTelemetry extension and keeps it
     * off by default ({@code quarkus.otel.sdk.disabled=true} in its application.properties) traces on a platform that
     * traces, and stays quiet on one that does not.
     */
    public static final String QUARKUS_OTEL_SDK_DISABLED = "QUARKUS_OTEL_SDK_DISABLED";

    private FunctionEnvironment() {
    }

    /**
     * Who a replica is.
     *
     * @param namespace         the revision's namespace
     * @param function          the Function's name
     * @param revision          the revision's name
     * @param propagatedHeaders header names (lower case) that the function passes on
     */
    public record Identity(String namespace, String function, String revision, List<String> propagatedHeaders) {

        /** Normalises the headers: sorted, lower case, no duplicates. */
        public Identity {
            propagatedHeaders = normalise(propagatedHeaders);
        }

        /** The identity of a replica of this revision. */
        public static Identity of(FunctionRevision revision) {
            return new Identity(revision.getMetadata().getNamespace(), revision.getSpec().functionName,
                    revision.getMetadata().getName(), revision.getSpec().propagateHeaders);
        }

        /** The variables that say who the replica is and where it serves, which a template cannot change. */
        public Map<String, String> variables(int port) {
            Map<String, String> variables = new LinkedHashMap<>();
            variables.put(PORT, Integer.toString(port));
            variables.put(QUARKUS_HTTP_PORT, Integer.toString(port));
            variables.put(NAMESPACE, namespace);
            variables.put(FUNCTION, function);
            variables.put(REVISION, revision);
            variables.put(PROPAGATE_HEADERS, String.join(",", propagatedHeaders));
            return variables;
        }
    }

    /**
     * Where functions reach the platform.
     *
     * @param gatewayUrl the gateway's base URL as a function calls it (inside the cluster on Kubernetes)
     * @param natsUrl    the NATS server, when the platform has one
     * @param tracing    where spans go, when the platform traces
     */
    public record Addresses(String gatewayUrl, Optional<String> natsUrl, Optional<Tracing> tracing) {

        /** Addresses of a platform that does not trace. */
        public Addresses(String gatewayUrl, Optional<String> natsUrl) {
            this(gatewayUrl, natsUrl, Optional.empty());
        }

        /** The variables of the addresses, which a template may replace (tracing's without a service name). */
        public Map<String, String> variables() {
            return variables(null);
        }

        /**
         * The variables of the addresses, which a template may replace.
         *
         * @param function the Function's name, the service name of its spans; null for none
         */
        public Map<String, String> variables(String function) {
            Map<String, String> variables = new LinkedHashMap<>();
            variables.put(GATEWAY_URL, gatewayUrl);
            natsUrl.ifPresent(url -> variables.put(NATS_URL, url));
            tracing.ifPresent(where -> variables.putAll(where.variables(function)));
            return variables;
        }
    }

    /**
     * Where a platform that traces sends spans: functions get it in OpenTelemetry's standard variables and in
     * Quarkus's own names. A function joins the trace of each call it gets from the W3C {@code traceparent} header.
     *
     * @param otlpEndpoint the OTLP collector's base URL (spans go to {@code <endpoint>/v1/traces} over HTTP)
     * @param protocol     {@code http/protobuf} or {@code grpc}
     */
    public record Tracing(String otlpEndpoint, String protocol) {

        /** The variables for a function's replicas (no service name when {@code function} is null). */
        public Map<String, String> variables(String function) {
            Map<String, String> variables = new LinkedHashMap<>();
            variables.put(OTEL_ENDPOINT, otlpEndpoint);
            variables.put(OTEL_PROTOCOL, protocol);
            variables.put(QUARKUS_OTEL_ENDPOINT, otlpEndpoint);
            variables.put(QUARKUS_OTEL_PROTOCOL, protocol);
            variables.put(QUARKUS_OTEL_SDK_DISABLED, "false");
            if (function != null) {
                variables.put(OTEL_SERVICE_NAME, function);
                variables.put(QUARKUS_OTEL_SERVICE_NAME, function);
            }
            return variables;
        }

        /** Tracing to this endpoint when it is set (not blank), over the protocol (default {@code http/protobuf}). */
        public static Optional<Tracing> of(Optional<String> endpoint, Optional<String> protocol) {
            return endpoint.map(String::trim).filter(url -> !url.isEmpty())
                    .map(url -> new Tracing(url, protocol.map(String::trim).filter(p -> !p.isEmpty())
                            .orElse("http/protobuf")));
        }
    }

    /**
     * The whole environment of a replica, in order: the identity's variables, then the addresses the template does
     * not set itself, then the template's own variables but those that would change the identity's.
     *
     * @param identity  who the replica is
     * @param port      the port it serves on
     * @param addresses where it reaches the platform
     * @param template  the template's variables by name, in their order (values or references, per platform)
     * @param literal   makes a platform variable of the template's kind from a name and a value
     * @param <V>       how a platform represents a variable (a value, an {@code EnvVar})
     */
    public static <V> Map<String, V> of(Identity identity, int port, Addresses addresses, Map<String, V> template,
            BiFunction<String, String, V> literal) {
        return withIdentity(identity, port, withAddresses(addresses, identity.function(), template, literal), literal);
    }

    /**
     * The environment a revision's replicas share before each gets its identity and port: the addresses the
     * template does not set itself, then the template's variables. {@code of} = {@code withIdentity(withAddresses)}.
     */
    public static <V> Map<String, V> withAddresses(Addresses addresses, Map<String, V> template,
            BiFunction<String, String, V> literal) {
        return withAddresses(addresses, null, template, literal);
    }

    /**
     * As {@link #withAddresses(Addresses, Map, BiFunction)}, for the Function named {@code function} (the service
     * name of its spans when the platform traces).
     */
    public static <V> Map<String, V> withAddresses(Addresses addresses, String function, Map<String, V> template,
            BiFunction<String, String, V> literal) {
        Map<String, V> env = new LinkedHashMap<>();
        addresses.variables(function).forEach((name, value) -> {
            if (!template.containsKey(name)) {
                env.put(name, literal.apply(name, value));
            }
        });
        env.putAll(template);
        return env;
    }

    /** The identity's variables first (so that later values may refer to them), then {@code env} without them. */
    public static <V> Map<String, V> withIdentity(Identity identity, int port, Map<String, V> env,
            BiFunction<String, String, V> literal) {
        Map<String, V> all = new LinkedHashMap<>();
        Map<String, String> fixed = identity.variables(port);
        fixed.forEach((name, value) -> all.put(name, literal.apply(name, value)));
        env.forEach((name, value) -> {
            if (!fixed.containsKey(name)) {
                all.put(name, value);
            }
        });
        return all;
    }

    /**
     * The header names (lower case, sorted) that a Function's traffic match rules read: a revision made now passes
     * them on, so that a call chain started by a tester's {@code x-group: test} stays on the tester's route.
     */
    public static List<String> propagatedHeaders(Collection<TrafficTarget> traffic) {
        Set<String> headers = new TreeSet<>();
        for (TrafficTarget target : traffic) {
            if (target.match != null) {
                headers.addAll(target.match.headers.keySet());
            }
        }
        return normalise(headers);
    }

    private static List<String> normalise(Collection<String> headers) {
        Set<String> sorted = new TreeSet<>();
        if (headers != null) {
            headers.forEach(h -> sorted.add(h.trim().toLowerCase(Locale.ROOT)));
        }
        sorted.remove("");
        return List.copyOf(sorted);
    }
}
