package dev.quiver.cli.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PublicationTest {

    @Test
    void jsonDataAndRepeatedHeadersAreKept() {
        Publication publication = Publication.of("link-events", List.of("a=1", "a = 2", "Nats-Msg-Id=x=y"), "[1, 2]", false);

        assertThat(publication.subject()).isEqualTo("link-events");
        assertThat(publication.headers()).containsEntry("a", List.of("1", "2")).containsEntry("Nats-Msg-Id", List.of("x=y"));
        assertThat(new String(publication.data(), StandardCharsets.UTF_8)).isEqualTo("[1, 2]");
    }

    @Test
    void noDataIsAnEmptyMessage() {
        assertThat(Publication.of("tick", List.of(), null, false).data()).isEmpty();
    }

    @Test
    void dataMustBeExactlyOneJsonValueUnlessRaw() {
        assertThatThrownBy(() -> Publication.of("s", List.of(), "{\"a\": }", false))
                .hasMessageStartingWith("--data is not valid JSON");
        assertThatThrownBy(() -> Publication.of("s", List.of(), "{} {}", false))
                .hasMessageContaining("not one JSON value");
        assertThatThrownBy(() -> Publication.of("s", List.of(), " ", false)).hasMessageContaining("--data is empty");
        assertThat(Publication.of("s", List.of(), "plain text", true).data()).hasSize(10);
    }

    @Test
    void subjectsWithWildcardsEmptyTokensOrWhitespaceAreRejected() {
        assertThatThrownBy(() -> Publication.of("link.*", List.of(), null, false)).hasMessageContaining("wildcard");
        assertThatThrownBy(() -> Publication.of("link.>", List.of(), null, false)).hasMessageContaining("wildcard");
        assertThatThrownBy(() -> Publication.of("link..events", List.of(), null, false)).hasMessageContaining("empty token");
        assertThatThrownBy(() -> Publication.of("link events", List.of(), null, false)).hasMessageContaining("whitespace");
        assertThatThrownBy(() -> Publication.of("", List.of(), null, false)).hasMessageContaining("empty");
        assertThat(Publication.of("orders.eu.created", List.of(), null, false).subject()).isEqualTo("orders.eu.created");
    }

    @Test
    void headersNeedANameBeforeTheEqualsSign() {
        assertThatThrownBy(() -> Publication.of("s", List.of("novalue"), null, false)).hasMessageContaining("K=V");
        assertThatThrownBy(() -> Publication.of("s", List.of("=v"), null, false)).hasMessageContaining("K=V");
        assertThatThrownBy(() -> Publication.of("s", List.of("a:b=v"), null, false)).hasMessageContaining("no ':'");
    }
}
