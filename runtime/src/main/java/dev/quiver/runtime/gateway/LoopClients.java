package dev.quiver.runtime.gateway;

import io.netty.util.concurrent.FastThreadLocal;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One HTTP client, with its own pool of keep-alive connections to the replicas, per event loop, as each nginx
 * worker keeps its own upstream connections. A request is forwarded on a connection of the event loop that serves
 * its caller, so the upstream's reply is read and relayed on that same thread: with one shared pool, a connection
 * made on another loop answers there and every reply hops threads (a task queue and a wake-up each). Requests
 * sent from a thread that is no event loop use one shared client.
 */
final class LoopClients implements AutoCloseable {

    private final Vertx vertx;
    private final HttpClientOptions options;
    private final PoolOptions pool;
    private final FastThreadLocal<HttpClient> perLoop = new FastThreadLocal<>();
    private final List<HttpClient> all = new CopyOnWriteArrayList<>();
    private final HttpClient shared;

    /**
     * Clients made by the given Vert.x with these options.
     *
     * @param vertx   makes the clients
     * @param options the options of every client
     * @param pool    the pool options of every client: the limits hold per event loop
     */
    LoopClients(Vertx vertx, HttpClientOptions options, PoolOptions pool) {
        this.vertx = vertx;
        this.options = new HttpClientOptions(options);
        this.pool = new PoolOptions(pool);
        this.shared = make();
    }

    /** The client of the calling event loop, made on its first use there; the shared one off the event loops. */
    HttpClient current() {
        if (!Context.isOnEventLoopThread()) {
            return shared;
        }
        HttpClient client = perLoop.getIfExists();
        if (client == null) {
            client = make();
            perLoop.set(client);
        }
        return client;
    }

    private HttpClient make() {
        HttpClient client = vertx.createHttpClient(options, pool);
        all.add(client);
        return client;
    }

    /** Closes every client and its connections. */
    @Override
    public void close() {
        all.forEach(HttpClient::close);
    }
}
