package dev.quiver.runtime.local;

import dev.quiver.api.Function;
import dev.quiver.api.TrafficTarget;
import dev.quiver.api.validation.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the local store knows of one function folder. Guarded by the store's lock. */
final class LocalFunction {

    final Path folder;
    /** The Function as the API shows it. */
    Function resource;
    /** Its revisions, oldest first. */
    final Map<String, LocalRevision> revisions = new LinkedHashMap<>();
    /** Each revision's phase. */
    final Map<String, LocalRevision.Phase> phases = new LinkedHashMap<>();
    /** Why function.yaml is invalid; empty when it is valid. */
    List<Problem> problems = new ArrayList<>();
    /** Traffic set through the admin API; wins over function.yaml's until function.yaml's traffic changes. */
    List<TrafficTarget> trafficOverride;
    String lastYaml;
    String lastStamp;
    /** What its latest build made; null before the first successful one. */
    BuiltApp built;

    LocalFunction(Path folder) {
        this.folder = folder;
    }

    String name() {
        return resource.getMetadata().getName();
    }

    LocalRevision latest() {
        LocalRevision latest = null;
        for (LocalRevision revision : revisions.values()) {
            latest = revision;
        }
        return latest;
    }

    List<TrafficTarget> wantedTraffic() {
        return trafficOverride != null ? trafficOverride : resource.getSpec().traffic;
    }
}
