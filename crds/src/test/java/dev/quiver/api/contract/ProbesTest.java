package dev.quiver.api.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.FunctionTemplate;
import dev.quiver.api.HealthProbe;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbesTest {

    @Test
    void appWithTheSdkIsProbedOnTheSdkEndpointsEvenWithSmallRyeHealth() {
        assertThat(DefaultProbe.detect(List.of("lib/main/io.quarkus.quarkus-smallrye-health-3.30.7.jar",
                "lib/main/dev.quiver.quiver-function-sdk-0.1.0-SNAPSHOT.jar"))).isEqualTo(DefaultProbe.QuiverSdk);
    }

    @Test
    void appWithSmallRyeHealthIsProbedOnTheQuarkusHealthPaths() {
        DefaultProbe detected = DefaultProbe.detect(List.of("io.quarkus.quarkus-rest-3.30.7.jar",
                "io.quarkus.quarkus-smallrye-health-3.30.7.jar"));
        assertThat(detected).isEqualTo(DefaultProbe.SmallRyeHealth);
        assertThat(detected.readiness().httpGet.path).isEqualTo("/q/health/ready");
        assertThat(detected.liveness().httpGet.path).isEqualTo("/q/health/live");
    }

    @Test
    void appWithNeitherIsProbedByTcpConnect() {
        assertThat(DefaultProbe.detect(List.of("io.quarkus.quarkus-funqy-http-3.30.7.jar",
                "io.quarkus.quarkus-smallrye-health-spi-3.30.7.jar", "quiver-function-sdk-tests.txt")))
                .isEqualTo(DefaultProbe.Tcp);
        assertThat(DefaultProbe.Tcp.readiness().tcpSocket).isNotNull();
    }

    @Test
    void revisionWithoutARecordedDefaultIsProbedByTcpConnect() {
        Probes.Effective probes = Probes.of(new FunctionTemplate(), null);

        assertThat(probes.readiness().tcpSocket).isNotNull();
        assertThat(probes.description()).isEqualTo("readiness TCP connect to $PORT, liveness TCP connect to $PORT "
                + "(default: the app serves no known health endpoint)");
    }

    @Test
    void defaultsFillTheSettingsTheTemplateLeavesOut() {
        FunctionTemplate template = new FunctionTemplate();
        template.readinessProbe = HealthProbe.httpGet("/ready");
        template.readinessProbe.periodSeconds = 5;
        template.readinessProbe.httpGet.port = 8080;

        Probes.Effective probes = Probes.of(template, DefaultProbe.SmallRyeHealth);

        assertThat(probes.readiness().httpGet.path).isEqualTo("/ready");
        assertThat(probes.readiness().httpGet.port).as("always the replica's own port").isNull();
        assertThat(probes.readiness().periodSeconds).isEqualTo(5);
        assertThat(probes.readiness().timeoutSeconds).isEqualTo(Probes.TIMEOUT_SECONDS);
        assertThat(probes.readiness().failureThreshold).isEqualTo(Probes.FAILURE_THRESHOLD);
        assertThat(probes.liveness().httpGet.path).isEqualTo("/q/health/live");
        assertThat(probes.liveness().periodSeconds).isEqualTo(Probes.LIVENESS_PERIOD_SECONDS);
        assertThat(probes.description()).isEqualTo("readiness GET /ready, liveness GET /q/health/live "
                + "(partly default: the app has SmallRye Health)");
        assertThat(template.readinessProbe.httpGet.port).as("the template is not changed").isEqualTo(8080);
    }
}
