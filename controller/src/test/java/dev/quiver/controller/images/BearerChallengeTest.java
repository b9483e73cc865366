package dev.quiver.controller.images;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Bearer challenges registries send, read into the anonymous token request that answers them. */
class BearerChallengeTest {

    @Test
    void dockerHubsChallengeGivesTheTokenUrlWithServiceAndScope() {
        BearerChallenge challenge = BearerChallenge.parse("Bearer realm=\"https://auth.docker.io/token\","
                + "service=\"registry.docker.io\",scope=\"repository:library/alpine:pull\"").orElseThrow();

        assertThat(challenge.tokenUri("library/alpine")).hasToString(
                "https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Falpine%3Apull");
    }

    @Test
    void withoutAScopeThePullScopeOfTheRepositoryIsAsked() {
        BearerChallenge challenge = BearerChallenge.parse("bearer realm=\"https://ghcr.io/token?x=1\", service=ghcr.io")
                .orElseThrow();

        assertThat(challenge.service()).isEqualTo("ghcr.io");
        assertThat(challenge.tokenUri("team/x")).hasToString(
                "https://ghcr.io/token?x=1&service=ghcr.io&scope=repository%3Ateam%2Fx%3Apull");
    }

    @Test
    void basicOrRealmlessChallengesAreNotAnswered() {
        assertThat(BearerChallenge.parse("Basic realm=\"registry\"")).isEmpty();
        assertThat(BearerChallenge.parse("Bearer service=\"x\"")).isEmpty();
        assertThat(BearerChallenge.parse("Bearer realm=\"file:///etc/passwd\"")).isEmpty();
        assertThat(BearerChallenge.parse(null)).isEmpty();
    }
}
