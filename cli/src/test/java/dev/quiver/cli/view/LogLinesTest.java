package dev.quiver.cli.view;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogLinesTest {

    @Test
    void tailKeepsTheLastLinesOfEachReplicaUnderItsHeader() {
        String text = "==> hello-00001-0.log <==\none\ntwo\nthree\n==> hello-00001-1.log <==\nfour\nfive\n";

        assertThat(LogLines.tail(text, 2))
                .isEqualTo("==> hello-00001-0.log <==\ntwo\nthree\n==> hello-00001-1.log <==\nfour\nfive\n");
    }

    @Test
    void tailOfZeroLinesLeavesOnlyTheHeaders() {
        assertThat(LogLines.tail("==> a.log <==\none\ntwo\n", 0)).isEqualTo("==> a.log <==\n");
    }

    @Test
    void tailOfTextWithoutHeadersIsItsLastLines() {
        assertThat(LogLines.tail("one\ntwo\nthree", 1)).isEqualTo("three\n");
        assertThat(LogLines.tail("", 5)).isEmpty();
    }
}
