package {{package}};

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
class EventsTest {

    @Test
    void aCloudEventIsHandledWithItsAttributes() {
        // What the runtime's NATS trigger sends: the message as the body, the attributes as ce-* headers.
        given().contentType(ContentType.JSON)
                .header("ce-specversion", "1.0")
                .header("ce-id", "event-1")
                .header("ce-source", "nats://{{name}}.requests")
                .header("ce-type", "dev.quiver.nats.message")
                .header("ce-subject", "{{name}}.requests")
                .body("{\"name\":\"Ada\"}")
                .post("/")
                .then().statusCode(200)
                .body("greeting", equalTo("Hello, Ada!"))
                .body("eventId", equalTo("event-1"))
                .body("subject", equalTo("{{name}}.requests"));
    }

    @Test
    void aPlainHttpCallHasNoEvent() {
        given().contentType(ContentType.JSON).body("{\"name\":\"Grace\"}")
                .post("/")
                .then().statusCode(200).body("greeting", equalTo("Hello, Grace!")).body("eventId", nullValue());
    }

    @Test
    void malformedDataIsA400WithAJsonBody() {
        given().contentType(ContentType.JSON).header("ce-specversion", "1.0").header("ce-id", "event-2")
                .header("ce-source", "test").header("ce-type", "test").body("{\"name\":")
                .post("/")
                .then().statusCode(400).body("error", equalTo("BadRequest"));
    }
}
