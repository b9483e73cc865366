package dev.quiver.runtime.app;

import dev.quiver.runtime.dashboard.ClusterDashboardSource;
import dev.quiver.runtime.dashboard.DashboardServer;
import dev.quiver.runtime.dashboard.DashboardSource;
import dev.quiver.runtime.dashboard.DashboardToken;
import dev.quiver.runtime.dashboard.LocalDashboardSource;
import dev.quiver.runtime.gateway.Gateway;
import dev.quiver.runtime.jobs.JobInvoker;
import dev.quiver.runtime.kubernetes.KubernetesRouteCatalog;
import dev.quiver.runtime.local.AdminToken;
import dev.quiver.runtime.local.LocalFunctionStore;
import dev.quiver.runtime.local.LocalSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Serves the web dashboard for the life of the runtime, on either platform ({@code quiver.dashboard.*}). Locally it
 * is on by default (port 8082) and takes the admin API's token, which {@code quiver dev} prints in its link; on
 * Kubernetes it is off unless {@code quiver.dashboard.port} is set, and then needs {@code quiver.dashboard.token}.
 * A port that is taken turns the dashboard off with a warning rather than stopping the runtime: it is a convenience,
 * the gateway is not.
 */
@Singleton
public class DashboardRuntime {

    /** The port the local platform uses when none is set. */
    public static final int LOCAL_DEFAULT_PORT = 8082;

    private static final Logger LOG = Logger.getLogger(DashboardRuntime.class);

    private final QuiverConfig config;
    private final Vertx vertx;
    private final Instance<Gateway> gateways;
    private final EventRuntime events;
    private final Instance<JobInvoker> jobs;
    private final Instance<LocalFunctionStore> stores;
    private final Instance<LocalSettings> localSettings;
    private final Instance<KubernetesRouteCatalog> catalogs;
    private final Instance<KubernetesClient> clients;
    private final int httpPort;
    private final AsyncRuntime async;
    private DashboardServer server;

    DashboardRuntime(QuiverConfig config, Vertx vertx, Instance<Gateway> gateways, EventRuntime events,
            Instance<JobInvoker> jobs, Instance<LocalFunctionStore> stores, Instance<LocalSettings> localSettings,
            Instance<KubernetesRouteCatalog> catalogs, Instance<KubernetesClient> clients,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int httpPort, AsyncRuntime async) {
        this.async = async;
        this.config = config;
        this.vertx = vertx;
        this.gateways = gateways;
        this.events = events;
        this.jobs = jobs;
        this.stores = stores;
        this.localSettings = localSettings;
        this.catalogs = catalogs;
        this.clients = clients;
        this.httpPort = httpPort;
    }

    void start(@Observes StartupEvent event) {
        QuiverConfig.Dashboard settings = config.dashboard();
        boolean local = PlatformSelection.isLocal(config);
        int port = settings.port().orElse(local ? LOCAL_DEFAULT_PORT : -1);
        if (port < 0) {
            LOG.debug("the dashboard is off (quiver.dashboard.port)");
            return;
        }
        DashboardSource source;
        DashboardToken token;
        String tokenWhere;
        if (local) {
            source = new LocalDashboardSource(stores.get(), events, jobs.get(), async::recentInvocations);
            AdminToken admin = AdminToken.inWorkDir(localSettings.get().workDir());
            token = settings.token().filter(t -> !t.isBlank()).map(DashboardToken::of)
                    .orElse(presented -> admin.accepts("Bearer " + presented));
            tokenWhere = settings.token().isPresent() ? "quiver.dashboard.token" : "the admin token in " + admin.file();
        } else {
            if (settings.token().filter(t -> !t.isBlank()).isEmpty()) {
                LOG.error("the dashboard is off: quiver.dashboard.port is set but quiver.dashboard.token (env "
                        + "QUIVER_DASHBOARD_TOKEN) is not; set it, e.g. from a Secret");
                return;
            }
            source = new ClusterDashboardSource(catalogs.get(), clients.get(), events, jobs.get(),
                    async::recentInvocations);
            token = DashboardToken.of(settings.token().get().strip());
            tokenWhere = "quiver.dashboard.token";
        }
        try {
            server = DashboardServer.start(vertx, source, gateways.get()::revisionSnapshots,
                    new DashboardServer.Settings(settings.host(), port, token, httpPort,
                            settings.invokeTimeout().toMillis()));
        } catch (IllegalStateException e) {
            LOG.warnf("the dashboard is off: %s (choose another with quiver.dashboard.port, or -1 to turn it off)",
                    e.getMessage());
            return;
        }
        LOG.infof("Dashboard on http://%s:%d (open it with ?token=<%s>)", hostForUrl(settings.host()), server.port(),
                tokenWhere);
    }

    /** The port the dashboard listens on, or -1 when it is off. */
    public int port() {
        return server == null ? -1 : server.port();
    }

    private static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    void stop(@Observes ShutdownEvent event) {
        if (server != null) {
            server.close();
        }
    }
}
