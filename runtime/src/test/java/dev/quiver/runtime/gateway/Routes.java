package dev.quiver.runtime.gateway;

import dev.quiver.api.ScaleSpec;
import dev.quiver.api.StickySplit;
import dev.quiver.api.TrafficMatch;
import dev.quiver.api.TrafficTarget;
import dev.quiver.api.traffic.RoutingTable;
import dev.quiver.runtime.auth.ApiKeyCheck;
import dev.quiver.runtime.platform.RevisionRef;
import dev.quiver.runtime.routing.FunctionRoutes;
import dev.quiver.runtime.routing.RevisionSettings;
import dev.quiver.runtime.routing.RouteCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** Fixture builder of a function's routes, and a catalog holding them. */
public final class Routes {

    public static final String NAMESPACE = "default";

    private final String function;
    private String namespace = NAMESPACE;
    private final List<TrafficTarget> targets = new ArrayList<>();
    private final Map<String, RevisionSettings> revisions = new LinkedHashMap<>();
    private final Set<String> propagated = new TreeSet<>();
    private int containerConcurrency;
    private byte[] apiKeySha256;
    private Duration timeout = Duration.ofSeconds(30);
    private StickySplit sticky;

    private Routes(String function) {
        this.function = function;
    }

    public static Routes function(String name) {
        return new Routes(name);
    }

    public static RevisionRef ref(String revision) {
        return ref(NAMESPACE, revision);
    }

    /** A revision of a function in that namespace. */
    public static RevisionRef ref(String namespace, String revision) {
        return new RevisionRef(namespace, revision.substring(0, revision.lastIndexOf('-')), revision);
    }

    /** The function lives in this namespace (set it before adding revisions). */
    public Routes in(String value) {
        this.namespace = value;
        return this;
    }

    /** Every revision added after this gets this hard in-flight limit per replica. */
    Routes containerConcurrency(int limit) {
        this.containerConcurrency = limit;
        return this;
    }

    /** Every revision added after this gets this invocation timeout. */
    Routes timeout(Duration value) {
        this.timeout = value;
        return this;
    }

    public Routes split(String revision, int percent) {
        revision(revision);
        targets.add(TrafficTarget.revision(revision, percent));
        return this;
    }

    Routes tag(String revision, String tag) {
        revision(revision);
        targets.add(TrafficTarget.revision(revision, 0).withTag(tag));
        return this;
    }

    Routes headerRule(String header, String value, String revision) {
        revision(revision);
        TrafficTarget rule = TrafficTarget.revision(revision, 0);
        rule.percent = null;
        rule.match = TrafficMatch.header(header, value);
        targets.add(rule);
        propagated.add(header.toLowerCase());
        return this;
    }

    private void revision(String revision) {
        revisions.computeIfAbsent(revision, name -> new RevisionSettings(ref(namespace, name), containerConcurrency, timeout,
                new ScaleSpec()));
    }

    /** The split keeps each user on one revision by this cookie or header ({@code spec.sticky}). */
    Routes sticky(StickySplit value) {
        this.sticky = value;
        return this;
    }

    /** Requests need this API key ({@code auth: ApiKey}). */
    public Routes apiKey(String key) {
        this.apiKeySha256 = ApiKeyCheck.digest(key);
        return this;
    }

    /** Requests need an API key that the runtime could not read yet (the API server failed). */
    public Routes apiKeyUnavailable() {
        this.apiKeySha256 = ApiKeyCheck.unavailable();
        return this;
    }

    public FunctionRoutes build() {
        return new FunctionRoutes(namespace, function, RoutingTable.of(targets, sticky), Map.copyOf(revisions),
                Set.copyOf(propagated), apiKeySha256);
    }

    /** A catalog the test fills; its default namespace is {@link #NAMESPACE}. */
    public static final class Catalog implements RouteCatalog {
        private final Map<String, FunctionRoutes> byKey = new ConcurrentHashMap<>();

        public Catalog with(Routes routes) {
            FunctionRoutes built = routes.build();
            byKey.put(built.namespace() + "/" + built.function(), built);
            return this;
        }

        /** Forgets a function of the default namespace. */
        public Catalog without(String function) {
            byKey.remove(NAMESPACE + "/" + function);
            return this;
        }

        @Override
        public Optional<FunctionRoutes> find(String namespace, String functionName) {
            return Optional.ofNullable(byKey.get(namespace + "/" + functionName));
        }

        @Override
        public String defaultNamespace() {
            return NAMESPACE;
        }
    }
}
