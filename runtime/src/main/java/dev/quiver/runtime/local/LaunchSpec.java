package dev.quiver.runtime.local;

import dev.quiver.api.FunctionTemplate;
import dev.quiver.api.contract.DefaultProbe;
import dev.quiver.api.contract.FunctionEnvironment;
import dev.quiver.api.contract.Probes;
import dev.quiver.runtime.platform.RevisionRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How to start a replica of one revision: the built Quarkus app (or, for a function with {@code spec.run}, its
 * command in a copy of its folder), the environment of the revision's template, the AOT cache made when the
 * revision was built, and the probes its replicas are checked with.
 *
 * @param ref               the revision
 * @param app               the immutable folder holding {@code quarkus-run.jar}, or the copy of a run function's
 *                          folder; the replica's working directory either way
 * @param env               the environment the revision's replicas share: the template's variables and the
 *                          platform's addresses ({@link FunctionEnvironment#withAddresses})
 * @param propagatedHeaders the routing headers the function passes on (comma-separated in QUIVER_PROPAGATE_HEADERS)
 * @param aotCache          the AOT cache, when one was made
 * @param logDir            where each replica's output goes
 * @param probes            the readiness and liveness probes of its replicas ({@link Probes#of})
 * @param run               the shell command of a function with {@code spec.run}, run by {@code sh -c} in {@code app};
 *                          null for a Java app
 */
public record LaunchSpec(RevisionRef ref, Path app, Map<String, String> env, List<String> propagatedHeaders,
        Optional<Path> aotCache, Path logDir, Probes.Effective probes, String run) {

    /** A Java app checked with the Quiver SDK's probes ({@code /health/ready}, {@code /health/live}). */
    public LaunchSpec(RevisionRef ref, Path app, Map<String, String> env, List<String> propagatedHeaders,
            Optional<Path> aotCache, Path logDir) {
        this(ref, app, env, propagatedHeaders, aotCache, logDir, Probes.of(new FunctionTemplate(), DefaultProbe.QuiverSdk),
                null);
    }

    /**
     * The variable a run function's replica gets with the loopback address, for the many servers (Node frameworks,
     * among others) that bind {@code $HOST} when it is set. {@link #BIND_HOST_VARIABLE} is Quarkus's alone; a
     * server that reads neither should bind 127.0.0.1 (or all addresses) itself.
     */
    public static final String RUN_HOST_VARIABLE = "HOST";

    /** Whether replicas run a {@code spec.run} command rather than a Java app. */
    public boolean runsCommand() {
        return run != null;
    }

    /** A copy with other probes. */
    public LaunchSpec withProbes(Probes.Effective other) {
        return new LaunchSpec(ref, app, env, propagatedHeaders, aotCache, logDir, other, run);
    }

    /**
     * The command line of a replica on this JDK: {@code java -jar quarkus-run.jar}, or {@code sh -c <run>} (the
     * shell and whatever it starts are one process tree, stopped together).
     */
    public List<String> command(JavaHome java) {
        if (run != null) {
            return List.of("sh", "-c", run);
        }
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
     * cannot override, so that no replica of {@code quiver dev} is reachable from other machines. A run function's
     * replica also gets {@link #RUN_HOST_VARIABLE} set to loopback, for the same reason and just as fixed.
     */
    public Map<String, String> environment(int port) {
        Map<String, String> environment = new LinkedHashMap<>(FunctionEnvironment.withIdentity(
                new FunctionEnvironment.Identity(ref.namespace(), ref.function(), ref.revision(), propagatedHeaders),
                port, env, (name, value) -> value));
        environment.put(BIND_HOST_VARIABLE, LOOPBACK);
        if (run != null) {
            environment.put(RUN_HOST_VARIABLE, LOOPBACK);
        }
        return environment;
    }
}
