package dev.quiver.functions.greeter;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
class GreeterTest {

    @Test
    void greetsWithTheDefaultGreetingWhenGreetingIsUnset() {
        given().contentType(ContentType.JSON).body("{\"name\":\"Ada\"}")
                .post("/")
                .then().statusCode(200).body("message", equalTo("Hello, Ada!")).body("greeting", equalTo("Hello"));
    }

    @Test
    void getTakesTheNameFromTheQuery() {
        given().queryParam("name", "Grace").get("/").then().statusCode(200).body("message", equalTo("Hello, Grace!"));
    }

    @Test
    void getWithoutNameGreetsTheWorld() {
        given().get("/greet").then().statusCode(200).body("message", equalTo("Hello, world!"));
    }
}
