package dev.quiver.functions.linkchecker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = NatsServerResource.class, restrictToAnnotatedClass = true)
class LinkCheckerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static LinkServer links;
    private static Connection nats;
    private static Subscription results;

    @BeforeAll
    static void start() throws Exception {
        links = new LinkServer();
        nats = Nats.connect(NatsServerResource.url());
        results = nats.subscribe(ResultPublisher.DEFAULT_SUBJECT);
        nats.flush(Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        nats.close();
        links.close();
    }

    private static ValidatableResponse check(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/").then();
    }

    private static String request(String username, String url) {
        return "{\"Username\":\"" + username + "\",\"Url\":\"" + url + "\"}";
    }

    @TestHTTPResource("/")
    URL root;

    private static JsonNode nextResult() throws Exception {
        Message message = results.nextMessage(Duration.ofSeconds(10));
        assertThat(message).as("a result published on NATS").isNotNull();
        return JSON.readTree(message.getData());
    }

    @Test
    void reachableLinkIsValidAndPublishedOnNats() throws Exception {
        String url = links.url("/ok");

        check(request("gigi", url)).statusCode(200)
                .body("Username", equalTo("gigi")).body("Url", equalTo(url)).body("Status", equalTo("valid"));

        JsonNode published = nextResult();
        assertThat(published.get("Username").asText()).isEqualTo("gigi");
        assertThat(published.get("Url").asText()).isEqualTo(url);
        assertThat(published.get("Status").asText()).isEqualTo("valid");
    }

    @Test
    void linkEventDeliveredAsCloudEventIsCheckedAndItsResultNamesTheEvent() throws Exception {
        String url = links.url("/ok");

        given().contentType(ContentType.JSON)
                .header("ce-specversion", "1.0")
                .header("ce-id", "LINKS-7")
                .header("ce-source", "nats://link-events")
                .header("ce-type", "dev.quiver.jetstream.message")
                .header("ce-subject", "link-events")
                .body(request("gigi", url))
                .post("/")
                .then().statusCode(200).body("Status", equalTo("valid"));

        Message message = results.nextMessage(Duration.ofSeconds(10));
        assertThat(message).as("a result published on NATS").isNotNull();
        assertThat(JSON.readTree(message.getData()).get("Url").asText()).isEqualTo(url);
        assertThat(message.getHeaders().getFirst(ResultPublisher.MSG_ID_HEADER)).isEqualTo("link-checker:LINKS-7");
        assertThat(message.getHeaders().getFirst(ResultPublisher.CAUSE_HEADER)).isEqualTo("LINKS-7");
    }

    @Test
    void resultOfAPlainHttpCallCarriesNoEventHeaders() throws Exception {
        check(request("gigi", links.url("/ok"))).statusCode(200);

        Message message = results.nextMessage(Duration.ofSeconds(10));
        assertThat(message).as("a result published on NATS").isNotNull();
        assertThat(message.hasHeaders()).isFalse();
    }

    @Test
    void thirtyTwoConcurrentCallsAllSucceedAndPublishTheirResults() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            HttpRequest post = HttpRequest.newBuilder(URI.create(root.toString()))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(request("user-" + i, links.url("/ok"))))
                    .build();
            calls.add(client.sendAsync(post, HttpResponse.BodyHandlers.ofString()));
        }

        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> response = call.get();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
        Set<String> published = new HashSet<>();
        for (int i = 0; i < 32; i++) {
            published.add(nextResult().get("Username").asText());
        }
        assertThat(published).hasSize(32).contains("user-0", "user-31");
    }

    @Test
    void linkIsCheckedWithHead() throws Exception {
        links.methods.clear();

        check(request("gigi", links.url("/ok"))).statusCode(200);

        assertThat(links.methods).containsExactly("HEAD");
        nextResult();
    }

    @Test
    void statusOf400OrAboveIsInvalidAndPublished() throws Exception {
        check(request("gigi", links.url("/gone"))).statusCode(200).body("Status", equalTo("invalid"));
        assertThat(nextResult().get("Status").asText()).isEqualTo("invalid");

        check(request("gigi", links.url("/broken"))).statusCode(200).body("Status", equalTo("invalid"));
        assertThat(nextResult().get("Status").asText()).isEqualTo("invalid");
    }

    @Test
    void redirectToAReachableLinkIsValid() throws Exception {
        check(request("gigi", links.url("/moved"))).statusCode(200).body("Status", equalTo("valid"));
        nextResult();
    }

    @Test
    void unreachableHostIsInvalid() throws Exception {
        String refused = "http://127.0.0.1:" + NatsServerResource.freePort() + "/";

        check(request("gigi", refused)).statusCode(200).body("Status", equalTo("invalid"));
        assertThat(nextResult().get("Url").asText()).isEqualTo(refused);
    }

    @Test
    void lowerCaseKeysAreAcceptedLikeTheSeedsGoDecoder() throws Exception {
        check("{\"username\":\"ada\",\"url\":\"" + links.url("/ok") + "\"}").statusCode(200)
                .body("Username", equalTo("ada")).body("Status", equalTo("valid"));
        nextResult();
    }

    @Test
    void badInputIsA400AndPublishesNothing() throws Exception {
        check("{\"Username\": gigi}").statusCode(400).contentType(ContentType.JSON)
                .body("error", equalTo("BadRequest")).body("message", containsString("not valid JSON"));
        check("{\"Username\":\"gigi\"}").statusCode(400)
                .body("message", equalTo("missing Username ('gigi') and/or Url ('')"));
        check(request(" ", links.url("/ok"))).statusCode(400).body("message", containsString("missing Username"));
        given().post("/").then().statusCode(400).body("message", containsString("the request body is required"));

        // Results arrive in order, so the next one being this valid check proves the bad ones published nothing.
        check(request("after-bad-input", links.url("/ok"))).statusCode(200);
        assertThat(nextResult().get("Username").asText()).isEqualTo("after-bad-input");
    }
}
