package dev.quiver.runtime.gateway;

import dev.quiver.runtime.platform.Platform;
import dev.quiver.runtime.routing.LoadSource;
import dev.quiver.runtime.routing.RouteCatalog;
import dev.quiver.runtime.tracing.Tracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;

/**
 * Mounts the {@link Gateway} on Quarkus's HTTP server ({@code quarkus.http.port}): {@code /fn/*} and
 * {@code /invocations/*}; Micrometer's Prometheus endpoint serves {@code /metrics} from the same registry the
 * gateway's meters are in. The gateway is also the {@link LoadSource} bean the autoscaler
 * samples. Glue only: everything else is in the plain {@link Gateway}.
 */
@ApplicationScoped
public class GatewayRoutes {

    /** Just before Quarkus's {@code RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT} (-2). */
    static final int BEFORE_UPLOAD_LIMIT = -3;

    /** The one gateway of this runtime, over the platform's routes. */
    @Produces
    @Singleton
    @Typed({Gateway.class, LoadSource.class})
    Gateway gateway(Vertx vertx, RouteCatalog catalog, Platform platform, GatewaySettings settings,
            MeterRegistry registry, Instance<PrometheusMeterRegistry> prometheus, Tracing tracing) {
        // the Prometheus registry itself when there is one: the duration histogram is a collector on it
        return new Gateway(vertx, catalog, platform, settings.toConfig(),
                prometheus.isResolvable() ? prometheus.get() : registry, tracing.on());
    }

    /** Closes the gateway's connection pool on shutdown. */
    void close(@Disposes Gateway gateway) {
        gateway.close();
    }

    /** Mounts the gateway with the configured request limits. */
    void mount(@Observes Router router, Gateway gateway, GatewaySettings settings) {
        mount(router, gateway, settings.requestLimits());
    }

    /** Mounts the gateway with the default request limits. */
    void mount(Router router, Gateway gateway) {
        mount(router, gateway, RequestLimits.defaults());
    }

    /**
     * Adds the gateway's routes to the main router: first, one route that serves functions whole (JSON 414 and
     * 431 for over-long targets and over-large headers, 413 for declared bodies over the gateway's limit, then the
     * gateway), so that a function's request passes through no other route; one that answers 414 and 431 on
     * every other path; and a last one that answers every path nothing else serves with the gateway's JSON 404
     * rather than Vert.x's HTML page.
     */
    void mount(Router router, Gateway gateway, RequestLimits limits) {
        // a function's request is served by this one route, first: its own checks, then the gateway; no other
        // route of the router runs for it (Quarkus's own body-size check, order -2, would answer an empty 413)
        router.route(Gateway.FUNCTION_PREFIX + "*").order(BEFORE_UPLOAD_LIMIT - 2).handler(context -> {
            HttpServerRequest request = context.request();
            if (!limits.refused(request) && !gateway.refusedAsTooLarge(request)) {
                gateway.handle(request);
            }
        });
        router.route().order(BEFORE_UPLOAD_LIMIT - 1).handler(context -> {
            if (!limits.refused(context.request())) {
                context.next();
            }
        });
        router.route(Gateway.INVOCATIONS_PREFIX + "*").handler(context -> gateway.handle(context.request()));
        router.route().last().handler(context -> gateway.handle(context.request()));
    }
}
