package dev.quiver.runtime.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ConcurrencyShareTest {

    @Test
    void oneGatewayReplicaKeepsTheWholeConcurrencyOfEveryEndpoint() {
        assertThat(ConcurrencyShare.perEndpoint(4, 3, 1, 0)).containsExactly(4, 4, 4);
    }

    @Test
    void theReplicasLimitsAddUpToContainerConcurrencyOnEveryEndpoint() {
        for (int cc = 1; cc <= 9; cc++) {
            for (int endpoints = 1; endpoints <= 6; endpoints++) {
                for (int replicas = 1; replicas <= 5; replicas++) {
                    if (cc * endpoints < replicas) {
                        continue; // the max(1, share) case, below
                    }
                    int[] sum = new int[endpoints];
                    for (int k = 0; k < replicas; k++) {
                        int[] limits = ConcurrencyShare.perEndpoint(cc, endpoints, replicas, k);
                        int total = Arrays.stream(limits).sum();
                        assertThat(total).as("share of replica %d: floor(cc·E/R) or one more", k)
                                .isBetween(cc * endpoints / replicas, cc * endpoints / replicas + 1);
                        for (int j = 0; j < endpoints; j++) {
                            sum[j] += limits[j];
                        }
                    }
                    int expected = cc;
                    assertThat(sum).as("cc=%d E=%d R=%d", cc, endpoints, replicas).containsOnly(expected);
                }
            }
        }
    }

    @Test
    void twoReplicasSplitConcurrencyThreeOverTwoEndpointsCrosswise() {
        assertThat(ConcurrencyShare.perEndpoint(3, 2, 2, 0)).containsExactly(2, 1);
        assertThat(ConcurrencyShare.perEndpoint(3, 2, 2, 1)).containsExactly(1, 2);
    }

    @Test
    void aReplicaWhoseShareWouldBeZeroStillGetsOne() {
        // cc 1 on one endpoint, three gateway replicas: 1 × 1 / 3 rounds to 0
        assertThat(ConcurrencyShare.perEndpoint(1, 1, 3, 0)).containsExactly(1);
        assertThat(ConcurrencyShare.perEndpoint(1, 1, 3, 2)).containsExactly(1);
        assertThat(ConcurrencyShare.perEndpoint(1, 2, 3, 2)).containsExactly(1, 0);
    }
}
