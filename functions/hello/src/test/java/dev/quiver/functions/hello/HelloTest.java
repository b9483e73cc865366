package dev.quiver.functions.hello;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HelloTest {

    @Test
    void postEchoesTheJsonWithAGreeting() {
        given().contentType(ContentType.JSON).body("{\"name\":\"Ada\",\"tags\":[\"a\",\"b\"],\"n\":2}")
                .post("/hello")
                .then().statusCode(200)
                .body("greeting", equalTo("Hello, Ada!"))
                .body("echo.tags[1]", equalTo("b"))
                .body("echo.n", equalTo(2));
    }

    @Test
    void rootServesTheLoneFunction() {
        given().contentType(ContentType.JSON).body("{\"name\":\"root\"}")
                .post("/")
                .then().statusCode(200).body("greeting", equalTo("Hello, root!"));
    }

    @Test
    void getTakesTheInputFromQueryParameters() {
        given().queryParam("name", "Grace")
                .get("/")
                .then().statusCode(200)
                .body("greeting", equalTo("Hello, Grace!"))
                .body("echo.name", equalTo("Grace"));
    }

    @Test
    void emptyBodyGreetsTheWorld() {
        given().post("/hello")
                .then().statusCode(200).body("greeting", equalTo("Hello, world!")).body("revision", nullValue());
    }

    @Test
    void malformedJsonIsA400WithAJsonBody() {
        given().contentType(ContentType.JSON).body("{\"name\":")
                .post("/hello")
                .then().statusCode(400).contentType(ContentType.JSON).body("error", equalTo("BadRequest"));
    }

    @Test
    void delayThatIsNotANumberIsA400NamingTheField() {
        given().contentType(ContentType.JSON).body("{\"delayMs\":\"soon\"}")
                .post("/hello")
                .then().statusCode(400).body("message", containsString("field 'delayMs'"));
    }

    @Test
    void delayBeyondTheCapIsA400() {
        given().contentType(ContentType.JSON).body("{\"delayMs\":3600000}")
                .post("/hello")
                .then().statusCode(400).body("message", equalTo("delayMs must be between 0 and 30000, got 3600000"));
    }
}
