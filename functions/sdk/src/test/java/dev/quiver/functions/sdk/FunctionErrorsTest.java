package dev.quiver.functions.sdk;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(FakeGateway.class)
class FunctionErrorsTest {

    @Test
    void validInputReachesTheFunction() {
        given().contentType(ContentType.JSON).body("{\"item\":\"apple\",\"quantity\":3}")
                .post("/order")
                .then().statusCode(200).body("item", equalTo("apple")).body("quantity", equalTo(3));
    }

    @Test
    void malformedJsonIsA400WithTheParserReason() {
        given().contentType(ContentType.JSON).body("{\"item\": apple}")
                .post("/order")
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("error", equalTo("BadRequest"))
                .body("message", containsString("not valid JSON"))
                .body("message", containsString("line 1"))
                .body("function", equalTo("sdk-test"))
                .body("revision", equalTo("sdk-test-00007"));
    }

    @Test
    void wrongJsonShapeIsA400NamingTheField() {
        given().contentType(ContentType.JSON).body("{\"item\":\"apple\",\"quantity\":\"many\"}")
                .post("/order")
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("error", equalTo("BadRequest"))
                .body("message", containsString("does not match the input of function 'order'"))
                .body("message", containsString("quantity"));
    }

    @Test
    void quiverExceptionAnswersWithItsStatusAndMessage() {
        given().contentType(ContentType.JSON).body("{\"item\":\"apple\",\"quantity\":0}")
                .post("/reject")
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("error", equalTo("BadRequest"))
                .body("message", equalTo("quantity must be positive, got 0"));
    }

    @Test
    void userExceptionIsA500WithItsMessage() {
        given().contentType(ContentType.JSON).body("{\"item\":\"apple\",\"quantity\":1}")
                .post("/boom")
                .then().statusCode(500).contentType(ContentType.JSON)
                .body("error", equalTo("InternalError"))
                .body("message", equalTo("the stock service is down"));
    }

    @Test
    void unknownFunctionIsA404ListingTheFunctions() {
        given().post("/nope")
                .then().statusCode(404).contentType(ContentType.JSON)
                .body("error", equalTo("NotFound"))
                .body("message", containsString("/order"));
    }

    @Test
    void otherMethodsThanGetAndPostAreA405() {
        given().delete("/order")
                .then().statusCode(405).contentType(ContentType.JSON)
                .body("error", equalTo("MethodNotAllowed"));
    }

    @Test
    void rootIsA404WhenTheAppHasSeveralFunctionsAndNoDefault() {
        given().post("/")
                .then().statusCode(404).contentType(ContentType.JSON).body("error", equalTo("NotFound"));
    }
}
