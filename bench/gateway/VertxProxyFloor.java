import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The floor of a proxy built on Vert.x's HTTP server and client, the libraries the gateway is built on: reads the
 * request, forwards it with its headers to one upstream over pooled keep-alive connections, relays status, headers
 * and body. No routing, limits, metrics or timeouts. One verticle (server and client) per event loop. Used by
 * versus-nginx.sh to show how much of the gateway's cost is the HTTP stack's own.
 *
 * <p>{@code java -cp "runtime/target/quarkus-app/lib/main/*" bench/gateway/VertxProxyFloor.java PORT UPSTREAM_PORT LOOPS [NATIVE]}
 * (NATIVE: true to prefer Netty's native transport, as the runtime does)
 */
public class VertxProxyFloor {

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        int upstreamPort = Integer.parseInt(args[1]);
        int loops = Integer.parseInt(args[2]);
        boolean nativeTransport = args.length > 3 && Boolean.parseBoolean(args[3]);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops).setPreferNativeTransport(nativeTransport));
        System.out.println("native transport: " + vertx.isNativeTransportEnabled());
        vertx.deployVerticle(() -> new AbstractVerticle() {
            private HttpClient client;

            @Override
            public void start() {
                client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                        new PoolOptions().setHttp1MaxSize(64));
                vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true)
                                .setPerMessageWebSocketCompressionSupported(false)
                                .setPerFrameWebSocketCompressionSupported(false))
                        .requestHandler(this::forward).listen(port, "127.0.0.1");
            }

            private void forward(HttpServerRequest request) {
                request.body().onSuccess(body -> client.request(new RequestOptions().setMethod(request.method())
                                .setHost("127.0.0.1").setPort(upstreamPort).setURI(request.uri())
                                .setHeaders(request.headers()))
                        .compose(upstream -> upstream.send(body))
                        .onComplete(answer -> {
                            if (answer.failed()) {
                                request.response().setStatusCode(502).end();
                                return;
                            }
                            HttpClientResponse reply = answer.result();
                            request.response().setStatusCode(reply.statusCode()).headers().addAll(reply.headers());
                            reply.body().onSuccess(replyBody -> request.response().end(replyBody));
                        }));
            }
        }, new DeploymentOptions().setInstances(loops));
    }
}
