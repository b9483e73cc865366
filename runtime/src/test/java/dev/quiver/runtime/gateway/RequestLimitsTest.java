package dev.quiver.runtime.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Over-long targets and over-large headers get the gateway's JSON 414 and 431, on an HTTP server whose own limits
 * are raised above the gateway's as {@code application.properties} raises Quarkus's.
 */
class RequestLimitsTest {

    private final Vertx vertx = Vertx.vertx();
    private final Routes.Catalog catalog = new Routes.Catalog();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Gateway gateway;
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        Properties runtime = applicationProperties();
        gateway = new Gateway(vertx, catalog, new FakePlatform(), GatewayConfig.defaults());
        Router router = Router.router(vertx);
        new GatewayRoutes().mount(router, gateway, RequestLimits.defaults());
        server = vertx.createHttpServer(new HttpServerOptions()
                        .setMaxInitialLineLength(Integer.parseInt(runtime.getProperty("quarkus.http.limits.max-initial-line-length")))
                        .setMaxHeaderSize(kibibytes(runtime.getProperty("quarkus.http.limits.max-header-size"))))
                .requestHandler(router);
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aTargetLongerThanTheGatewaysLimitIs414Json() throws Exception {
        HttpResponse<String> response = send("/fn/hello?q=" + "a".repeat(RequestLimits.defaults().maxUriLength()), "x", "1");

        assertThat(response.statusCode()).isEqualTo(414);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).contains("\"error\":\"UriTooLong\"");
    }

    @Test
    void headersLargerThanTheGatewaysLimitAre431Json() throws Exception {
        HttpResponse<String> response = send("/fn/hello", "x-big", "b".repeat(RequestLimits.defaults().maxHeaderBytes()));

        assertThat(response.statusCode()).isEqualTo(431);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).contains("\"error\":\"HeadersTooLarge\"");
    }

    @Test
    void aRequestWithinTheLimitsIsRouted() throws Exception {
        HttpResponse<String> response = send("/fn/hello?q=" + "a".repeat(1000), "x-small", "b".repeat(1000));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("\"error\":\"FunctionNotFound\"");
    }

    @Test
    void theHttpServersOwnLimitsSitAboveTheGateways() throws Exception {
        Properties runtime = applicationProperties();

        assertThat(Integer.parseInt(runtime.getProperty("quarkus.http.limits.max-initial-line-length")))
                .isGreaterThan(RequestLimits.defaults().maxUriLength() + 64);
        assertThat(kibibytes(runtime.getProperty("quarkus.http.limits.max-header-size")))
                .isGreaterThan(RequestLimits.defaults().maxHeaderBytes() + 1024);
        assertThat(Integer.parseInt(runtime.getProperty("quarkus.http.limits.max-header-list-size")))
                .as("HTTP/2's limit on the headers, the target included")
                .isGreaterThan(RequestLimits.defaults().maxHeaderBytes() + RequestLimits.defaults().maxUriLength() + 1024);
    }

    private HttpResponse<String> send(String path, String header, String value) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                .header(header, value).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Properties applicationProperties() throws Exception {
        Properties properties = new Properties();
        try (InputStream in = RequestLimitsTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        return properties;
    }

    /** A Quarkus memory size such as {@code 64K}. */
    private static int kibibytes(String size) {
        return size.toUpperCase().endsWith("K") ? Integer.parseInt(size.substring(0, size.length() - 1)) * 1024
                : Integer.parseInt(size);
    }
}
