package dev.quiver.api.validation;

import dev.quiver.api.contract.FunctionEnvironment;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The rules for a template's {@code env}: valid and distinct names, none that the platform sets, and a size that
 * a process and a Kubernetes object can hold.
 *
 * <p>Names starting with {@code QUIVER_} belong to the platform, so that a variable it adds later cannot clash with
 * one a template already sets. A template may set only {@link #SETTABLE_QUIVER_VARIABLES}: the gateway address
 * (which {@link FunctionEnvironment#withAddresses} lets a template replace, as {@code NATS_URL}) and settings the
 * SDK reads ({@code QUIVER_DRAIN_TIMEOUT}, and the properties {@code quiver.client.timeout} and
 * {@code quiver.default-function}).
 * Names are compared ignoring case: Quarkus reads {@code quiver_revision} before {@code QUIVER_REVISION}.
 */
final class EnvChecks {

    /** What every replica gets from the platform (identity and port), and a job pod besides (mode and event). */
    static final Set<String> SET_BY_QUIVER = Set.of(FunctionEnvironment.PORT, FunctionEnvironment.QUARKUS_HTTP_PORT,
            FunctionEnvironment.NAMESPACE, FunctionEnvironment.FUNCTION, FunctionEnvironment.REVISION,
            FunctionEnvironment.PROPAGATE_HEADERS, "QUIVER_MODE", "QUIVER_EVENT", "QUIVER_EVENT_SOURCE");
    /** The prefix of the platform's variables. */
    static final String QUIVER_PREFIX = "QUIVER_";
    /** The {@code QUIVER_} variables a template may set on purpose. */
    static final List<String> SETTABLE_QUIVER_VARIABLES = List.of(FunctionEnvironment.GATEWAY_URL,
            "QUIVER_DRAIN_TIMEOUT", "QUIVER_CLIENT_TIMEOUT", "QUIVER_DEFAULT_FUNCTION");
    /** The address an app binds: the platform's choice (loopback locally, every address in a pod). */
    static final String BIND_HOST = "QUARKUS_HTTP_HOST";
    /** Largest literal value: Linux refuses to start a process with one variable over 128 KiB. */
    static final int MAX_VALUE_BYTES = 64 * 1024;
    /** Largest sum of names and literal values: the template is stored in the Function, each revision and pod spec. */
    static final int MAX_TOTAL_BYTES = 256 * 1024;

    private static final Pattern ENV_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");

    private final BiConsumer<String, String> report;

    EnvChecks(BiConsumer<String, String> report) {
        this.report = report;
    }

    void check(List<EnvVar> env) {
        Set<String> names = new HashSet<>();
        long total = 0;
        for (int i = 0; i < env.size(); i++) {
            EnvVar variable = env.get(i);
            String path = "spec.template.env[" + i + "]";
            String name = variable.getName();
            if (name == null || !ENV_NAME.matcher(name).matches()) {
                report.accept(path + ".name", "'" + name + "' is not a valid environment variable name (letters, digits and _, not starting with a digit)");
            } else {
                String reason = reservedReason(name);
                if (reason != null) {
                    report.accept(path + ".name", reason);
                } else if (!names.add(name)) {
                    report.accept(path + ".name", name + " is set twice");
                }
            }
            int valueBytes = bytes(variable.getValue());
            if (valueBytes > MAX_VALUE_BYTES) {
                report.accept(path + ".value", "is " + valueBytes + " bytes; a value may hold at most " + MAX_VALUE_BYTES
                        + " (64 KiB), as Linux starts no process with a variable over 128 KiB: put larger content "
                        + "in a ConfigMap and mount it with configFiles");
            }
            total += bytes(name) + valueBytes;
        }
        if (total > MAX_TOTAL_BYTES) {
            report.accept("spec.template.env", "names and values add up to " + total + " bytes; at most " + MAX_TOTAL_BYTES
                    + " (256 KiB) fit, as the template is stored in the Function, in each revision and in its pod spec, "
                    + "and Kubernetes keeps no object over about 1.5 MiB: move large values into a ConfigMap "
                    + "(envFrom or configFiles)");
        }
    }

    /** Why a template may not set this (valid) name, or null when it may. */
    static String reservedReason(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (SET_BY_QUIVER.contains(upper)) {
            return name.equals(upper) ? name + " is set by Quiver; choose another name"
                    : name + " is " + upper + " in another case, which Quiver sets and Quarkus reads as the same "
                            + "setting; choose another name";
        }
        if (upper.equals(BIND_HOST)) {
            return name + " is chosen by the platform: a local replica binds 127.0.0.1 and a pod every address, "
                    + "else the gateway and the probes cannot reach it; remove it";
        }
        if (upper.startsWith(QUIVER_PREFIX) && !SETTABLE_QUIVER_VARIABLES.contains(name)) {
            return name + ": names starting with " + QUIVER_PREFIX + " belong to the platform, and a template may "
                    + "set only " + String.join(", ", SETTABLE_QUIVER_VARIABLES) + "; choose another name";
        }
        return null;
    }

    private static int bytes(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }
}
