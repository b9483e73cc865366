package dev.quiver.functions.linkmanager;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LinkManagerTest {

    /** Delivers a result the way the runtime's NATS trigger does: a binary-mode CloudEvent POSTed to {@code /}. */
    private static ValidatableResponse deliver(String id, String time, String body) {
        return given().contentType(ContentType.JSON)
                .header("ce-specversion", "1.0")
                .header("ce-id", id)
                .header("ce-source", "nats://link-results")
                .header("ce-type", "dev.quiver.nats.message")
                .header("ce-subject", "link-results")
                .header("ce-time", time)
                .body(body)
                .post("/")
                .then();
    }

    private static String result(String user, String url, String status) {
        return "{\"Username\":\"" + user + "\",\"Url\":\"" + url + "\",\"Status\":\"" + status + "\"}";
    }

    @Test
    void resultEventsAreKeptPerUserAndUrlAndListedByGet() {
        deliver("r-1", "2024-05-01T10:00:00Z", result("gigi", "https://example.com/a", "invalid")).statusCode(200);
        deliver("r-2", "2024-05-01T10:00:05Z", result("gigi", "https://example.com/a", "valid"))
                .statusCode(200).body("Status", equalTo("valid")).body("EventId", equalTo("r-2"));
        deliver("r-3", "2024-05-01T10:00:06Z", result("ada", "https://example.com/b", "invalid")).statusCode(200);

        given().get("/?username=gigi").then().statusCode(200).contentType(ContentType.JSON)
                .body("links", hasSize(1))
                .body("links[0].Url", equalTo("https://example.com/a"))
                .body("links[0].Status", equalTo("valid"))
                .body("links[0].UpdatedAt", equalTo("2024-05-01T10:00:05Z"))
                .body("links[0].EventId", equalTo("r-2"));
        given().get("/?username=ada").then().statusCode(200).body("links[0].Status", equalTo("invalid"));
    }

    @Test
    void resultOlderThanTheKnownOneDoesNotOverwriteIt() {
        deliver("o-2", "2024-05-01T11:00:10Z", result("late", "https://example.com/x", "valid")).statusCode(200);

        deliver("o-1", "2024-05-01T11:00:00Z", result("late", "https://example.com/x", "invalid"))
                .statusCode(200).body("Status", equalTo("valid")).body("EventId", equalTo("o-2"));

        given().get("/?username=late").then().body("links", hasSize(1)).body("links[0].Status", equalTo("valid"));
    }

    @Test
    void plainHttpPostIsRecordedToo() {
        given().contentType(ContentType.JSON).body("{\"username\":\"http\",\"url\":\"https://example.com\",\"status\":\"PENDING\"}")
                .post("/").then().statusCode(200).body("Status", equalTo("pending")).body("UpdatedAt", notNullValue());

        given().get("/?username=http").then().body("links[0].Status", equalTo("pending"));
    }

    @Test
    void malformedResultIsA400AndRecordsNothing() {
        deliver("b-1", "2024-05-01T12:00:00Z", "{\"Username\": broken").statusCode(400)
                .body("error", equalTo("BadRequest"));
        deliver("b-2", "2024-05-01T12:00:00Z", "{\"Username\":\"bad\",\"Url\":\"https://example.com\"}").statusCode(400)
                .body("message", containsString("expected a link result"));
        deliver("b-3", "2024-05-01T12:00:00Z", result("bad", "https://example.com", "maybe")).statusCode(400)
                .body("message", equalTo("Status must be one of pending, valid, invalid; got 'maybe'"));

        given().get("/?username=bad").then().statusCode(200).body("links", empty());
    }
}
