package dev.quiver.functions.linkchecker;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(NatsDownTest.NatsUnreachable.class)
class NatsDownTest {

    /** NATS_URL points at a port nothing listens on. */
    public static class NatsUnreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("nats.url", "nats://127.0.0.1:" + NatsServerResource.freePort());
        }
    }

    @Test
    void unreachableNatsIsA500SayingTheResultWasNotPublished() {
        given().contentType(ContentType.JSON).body("{\"Username\":\"gigi\",\"Url\":\"http://127.0.0.1:1/\"}")
                .post("/")
                .then().statusCode(500).contentType(ContentType.JSON)
                .body("error", equalTo("PublishFailed"))
                .body("message", containsString("could not be published to NATS"));
    }
}
