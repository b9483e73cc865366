package {{package}};

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RoutesTest {

    @Test
    void getGreetsTheNameOfTheQuery() {
        given().queryParam("name", "Ada")
                .get("/")
                .then().statusCode(200).contentType(ContentType.JSON).body("greeting", equalTo("Hello, Ada!"));
    }

    @Test
    void postGreetsTheNameOfTheJson() {
        given().contentType(ContentType.JSON).body("{\"name\":\"Grace\"}")
                .post("/")
                .then().statusCode(200).body("greeting", equalTo("Hello, Grace!"));
    }

    @Test
    void noNameGreetsTheWorld() {
        given().get("/").then().statusCode(200).body("greeting", equalTo("Hello, world!"));
    }

    @Test
    void bodyThatIsNotJsonIsA400WithAJsonBody() {
        given().contentType(ContentType.JSON).body("{\"name\":")
                .post("/")
                .then().statusCode(400).contentType(ContentType.JSON).body("error", equalTo("BadRequest"));
    }

    @Test
    void otherPathsAreAJson404() {
        given().get("/nowhere").then().statusCode(404).contentType(ContentType.JSON);
    }
}
