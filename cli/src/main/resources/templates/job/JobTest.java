package {{package}};

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** The job's work, called over HTTP as the runtime's job runner does (outside Job mode, so the app stays up). */
@QuarkusTest
class JobTest {

    @Test
    void anEventIsWorkedOnAndAnswered() {
        given().contentType(ContentType.JSON).body("{\"name\":\"Ada\"}")
                .post("/")
                .then().statusCode(200).body("message", equalTo("Done: Ada"));
    }

    @Test
    void anEventWithoutANameIsA400WithAJsonBody() {
        given().contentType(ContentType.JSON).body("{\"other\":1}")
                .post("/")
                .then().statusCode(400)
                .body("error", equalTo("BadRequest"))
                .body("message", containsString("{\"name\""));
    }
}
