package dev.quiver.runtime.local;

import dev.quiver.api.contract.FunctionEnvironment;
import dev.quiver.runtime.platform.RevisionRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How to start a replica of one revision: the built Quarkus app, the environment of the revision's template,
 * and the AOT cache made when the revision was built.
 *
 * @param ref               the revision
 * @param app               the immutable folder holding {@code quarkus-run.jar}
 * @param env               the environment the revision's replicas share: the template's variables and the
 *                          platform's addresses ({@link FunctionEnvironment#withAddresses})
 * @param propagatedHeaders the routing headers the function passes on (comma-separated in QUIVER_PROPAGATE_HEADERS)
 * @param aotCache          the AOT cache, when one was made
 * @param logDir            where each replica's output goes
 */
public record LaunchSpec(RevisionRef ref, Path app, Map<String, String> env, List<String> propagatedHeaders,
        Optional<Path> aotCache, Path logDir) {

    /** The command line of a replica on this JDK. */
    public List<String> command(JavaHome java) {
        List<String> command = new ArrayList<>();
        command.add(java.launcher().toString());
        aotCache.filter(cache -> java.supportsAotCache()).ifPresent(cache -> {
            command.add("-XX:AOTCache=" + cache);
            command.addAll(AotTrainer.FAST_START_FLAGS);
        });
        command.add("-jar");
        command.add(app.resolve("quarkus-run.jar").toString());
        return command;
    }

    /**
     * The platform's own network variable: the address a local replica binds. Not part of the function contract (a
     * cluster pod binds its pod IP, which no one else on the node can reach by default); here it keeps a replica
     * off the LAN, since the gateway (and the readiness probe) reach it over loopback only.
     */
    public static final String BIND_HOST_VARIABLE = "QUARKUS_HTTP_HOST";

    /** The address every local replica binds. */
    public static final String LOOPBACK = "127.0.0.1";

    /**
     * The environment of a replica serving on this port: the function contract's variables (as a cluster's pod gets
     * them), then the revision's, then the loopback bind address ({@link #BIND_HOST_VARIABLE}), which a template
     * cannot override, so that no replica of {@code quiver dev} is reachable from other machines.
     */
    public Map<String, String> environment(int port) {
        Map<String, String> environment = new java.util.LinkedHashMap<>(FunctionEnvironment.withIdentity(
                new FunctionEnvironment.Identity(ref.namespace(), ref.function(), ref.revision(), propagatedHeaders),
                port, env, (name, value) -> value));
        environment.put(BIND_HOST_VARIABLE, LOOPBACK);
        return environment;
    }
}
