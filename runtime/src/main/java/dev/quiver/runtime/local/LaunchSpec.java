package dev.quiver.runtime.local;

import dev.quiver.runtime.platform.RevisionRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How to start a replica of one revision: the built Quarkus app, the environment of the revision's template,
 * and the AOT cache made when the revision was built.
 *
 * @param ref               the revision
 * @param app               the immutable folder holding {@code quarkus-run.jar}
 * @param env               the template's environment variables
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

    /** The environment of a replica serving on this port: the template's, then the variables Quiver sets. */
    public Map<String, String> environment(int port) {
        Map<String, String> all = new LinkedHashMap<>(env);
        all.put("PORT", Integer.toString(port));
        all.put("QUIVER_FUNCTION", ref.function());
        all.put("QUIVER_REVISION", ref.revision());
        all.put("QUIVER_PROPAGATE_HEADERS", String.join(",", propagatedHeaders));
        return all;
    }
}
