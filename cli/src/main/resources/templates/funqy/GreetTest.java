package {{package}};

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
class GreetTest {

    @Test
    void rootGreetsTheNameOfTheJson() {
        given().contentType(ContentType.JSON).body("{\"name\":\"Ada\"}")
                .post("/")
                .then().statusCode(200)
                .body("greeting", equalTo("Hello, Ada!"))
                .body("revision", nullValue());
    }

    @Test
    void theFunctionAnswersAtItsOwnNameToo() {
        given().contentType(ContentType.JSON).body("{\"name\":\"Grace\"}")
                .post("/greet")
                .then().statusCode(200).body("greeting", equalTo("Hello, Grace!"));
    }

    @Test
    void emptyBodyGreetsTheWorld() {
        given().post("/").then().statusCode(200).body("greeting", equalTo("Hello, world!"));
    }

    @Test
    void malformedJsonIsA400WithAJsonBody() {
        given().contentType(ContentType.JSON).body("{\"name\":")
                .post("/")
                .then().statusCode(400).contentType(ContentType.JSON).body("error", equalTo("BadRequest"));
    }

    @Test
    void healthEndpointsAnswerForTheRuntimesProbes() {
        given().get("/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
