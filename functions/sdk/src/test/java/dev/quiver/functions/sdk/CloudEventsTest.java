package dev.quiver.functions.sdk;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CloudEventsTest {

    private static final String ORDER = "{\"item\":\"apple\",\"quantity\":3}";

    @Test
    void functionSeesTheAttributesOfABinaryModeCloudEventAndItsDataAsInput() {
        given().contentType(ContentType.JSON)
                .header("ce-specversion", "1.0")
                .header("ce-id", "LINKS-42")
                .header("ce-source", "nats://link-events")
                .header("ce-type", "dev.quiver.jetstream.message")
                .header("ce-subject", "link-events")
                .header("ce-time", "2024-05-01T10:15:30Z")
                .header("ce-partitionkey", "gigi")
                .body(ORDER)
                .post("/event")
                .then().statusCode(200)
                .body("event.id", equalTo("LINKS-42"))
                .body("event.source", equalTo("nats://link-events"))
                .body("event.type", equalTo("dev.quiver.jetstream.message"))
                .body("event.specVersion", equalTo("1.0"))
                .body("event.subject", equalTo("link-events"))
                .body("event.time", equalTo("2024-05-01T10:15:30Z"))
                .body("event.contentType", equalTo("application/json"))
                .body("event.extensions.partitionkey", equalTo("gigi"))
                .body("epochMillis", equalTo(Instant.parse("2024-05-01T10:15:30Z").toEpochMilli()))
                .body("data.item", equalTo("apple"))
                .body("data.quantity", equalTo(3));
    }

    @Test
    void plainHttpCallHasNoEvent() {
        given().contentType(ContentType.JSON).body(ORDER)
                .post("/event")
                .then().statusCode(200)
                .body("event", nullValue())
                .body("data.item", equalTo("apple"));
    }
}
