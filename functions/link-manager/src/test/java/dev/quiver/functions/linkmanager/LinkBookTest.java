package dev.quiver.functions.linkmanager;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class LinkBookTest {

    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private static LinkEntry entry(String user, String url, String status, int second) {
        return new LinkEntry(user, url, status, T0.plusSeconds(second), "e-" + second);
    }

    @Test
    void newerResultReplacesTheStatusOfTheSameUserAndUrl() {
        LinkBook book = new LinkBook();
        book.record(entry("gigi", "http://a", "pending", 0));

        LinkEntry kept = book.record(entry("gigi", "http://a", "valid", 5));

        assertThat(kept.status()).isEqualTo("valid");
        assertThat(book.list(null)).containsExactly(entry("gigi", "http://a", "valid", 5));
    }

    @Test
    void olderResultArrivingLateIsIgnored() {
        LinkBook book = new LinkBook();
        book.record(entry("gigi", "http://a", "invalid", 10));

        LinkEntry kept = book.record(entry("gigi", "http://a", "valid", 3));

        assertThat(kept).isEqualTo(entry("gigi", "http://a", "invalid", 10));
        assertThat(book.list(null)).containsExactly(kept);
    }

    @Test
    void entriesAreListedByUserThenUrlAndFilteredByUser() {
        LinkBook book = new LinkBook();
        book.record(entry("gigi", "http://b", "valid", 1));
        book.record(entry("ada", "http://z", "invalid", 2));
        book.record(entry("gigi", "http://a", "valid", 3));

        assertThat(book.list(null)).extracting(LinkEntry::username, LinkEntry::url)
                .containsExactly(Tuple.tuple("ada", "http://z"),
                        Tuple.tuple("gigi", "http://a"),
                        Tuple.tuple("gigi", "http://b"));
        assertThat(book.list("gigi")).extracting(LinkEntry::url).containsExactly("http://a", "http://b");
        assertThat(book.list("nobody")).isEmpty();
    }
}
