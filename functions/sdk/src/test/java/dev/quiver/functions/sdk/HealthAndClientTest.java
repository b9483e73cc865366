package dev.quiver.functions.sdk;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(FakeGateway.class)
class HealthAndClientTest {

    @Test
    void readinessAndLivenessAreUpWhileServing() {
        given().get("/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void clientCarriesRoutingHeadersOfTheServedRequestToTheGateway() {
        given().contentType(ContentType.JSON)
                .header("x-group", "test")
                .header("X-Tenant", "acme")
                .header("X-Quiver-Revision", "caller-00002")
                .header("X-Unrelated", "stays-here")
                .body("{\"item\":\"apple\",\"quantity\":1}")
                .post("/relay")
                .then().statusCode(200)
                .body("x-group", contains("test"))
                .body("x-tenant", contains("acme"))
                .body("x-quiver-revision", contains("caller-00002"))
                .body("$", not(hasKey("x-unrelated")));
        assertThat(FakeGateway.lastPath()).isEqualTo("/fn/downstream");
    }

    @Test
    void clientPropagatesNothingWhenTheRequestHasNoRoutingHeaders() {
        given().get("/propagated").then().statusCode(200).body("$", anEmptyMap());
    }
}
