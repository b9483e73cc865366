package dev.quiver.functions.wordcount;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
class WordCountTest {

    @Test
    void countsWordsWithoutCaseAndListsTheMostFrequentFirst() {
        given().contentType(ContentType.JSON)
                .body("{\"text\":\"The cat saw the dog; the DOG ran. Cat's toy!\"}")
                .post("/")
                .then().statusCode(200)
                .body("words", equalTo(10))
                .body("distinct", equalTo(7))
                .body("top.word", contains("the", "dog", "cat", "cat's", "ran"))
                .body("top.count", contains(3, 2, 1, 1, 1));
    }

    @Test
    void answersZeroWordsForBlankText() {
        given().contentType(ContentType.JSON).body("{\"text\":\"  ... \"}").post("/")
                .then().statusCode(200).body("words", equalTo(0)).body("distinct", equalTo(0));
    }

    @Test
    void rejectsABodyWithoutTextWithAJsonError() {
        given().contentType(ContentType.JSON).body("{\"url\":\"http://example.com\"}").post("/")
                .then().statusCode(400)
                .body("error", equalTo("BadRequest"))
                .body("message", containsString("{\"text\""));
    }
}
