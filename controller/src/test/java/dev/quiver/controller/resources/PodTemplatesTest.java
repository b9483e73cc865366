package dev.quiver.controller.resources;

import dev.quiver.api.FunctionRevision;
import dev.quiver.api.HealthProbe;
import dev.quiver.api.contract.ChildNames;
import dev.quiver.api.contract.DefaultProbe;
import dev.quiver.api.contract.FunctionEnvironment;
import dev.quiver.api.testing.Revisions;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The probes of a revision's pods: the template's, else the default its build chose, every setting filled in. */
class PodTemplatesTest {

    @Test
    void anSdkAppIsProbedOnItsHealthEndpointsOnTheNamedPort() {
        Container container = container(withDefault(Revisions.revision("hello", 1), DefaultProbe.QuiverSdk));

        Probe readiness = container.getReadinessProbe();
        assertThat(readiness.getHttpGet().getPath()).isEqualTo("/health/ready");
        assertThat(readiness.getHttpGet().getPort()).isEqualTo(new IntOrString("http"));
        assertThat(readiness.getHttpGet().getScheme()).isEqualTo("HTTP");
        assertThat(readiness.getTcpSocket()).isNull();
        assertThat(readiness.getInitialDelaySeconds()).isZero();
        assertThat(readiness.getPeriodSeconds()).as("a cold replica is ready within a second of serving").isEqualTo(1);
        assertThat(readiness.getTimeoutSeconds()).isEqualTo(1);
        assertThat(readiness.getFailureThreshold()).isEqualTo(3);
        assertThat(readiness.getSuccessThreshold()).isEqualTo(1);
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/live");
        assertThat(container.getLivenessProbe().getPeriodSeconds()).isEqualTo(10);
    }

    @Test
    void aSmallRyeHealthAppIsProbedOnTheQuarkusHealthPaths() {
        Container container = container(withDefault(Revisions.revision("hello", 1), DefaultProbe.SmallRyeHealth));

        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
    }

    @Test
    void aRevisionWithoutARecordedDefaultIsProbedByATcpConnectToItsPort() {
        Container container = container(Revisions.revision("hello", 1));

        for (Probe probe : new Probe[] {container.getReadinessProbe(), container.getLivenessProbe()}) {
            assertThat(probe.getHttpGet()).isNull();
            assertThat(probe.getTcpSocket().getPort()).isEqualTo(new IntOrString("http"));
            assertThat(probe.getSuccessThreshold()).isEqualTo(1);
        }
        assertThat(container.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getContainerPort()).isEqualTo(FunctionEnvironment.POD_PORT);
        });
    }

    @Test
    void theTemplatesProbesOverrideTheDefaultWithTheirOwnSettings() {
        FunctionRevision revision = withDefault(Revisions.revision("hello", 1), DefaultProbe.QuiverSdk);
        HealthProbe readiness = HealthProbe.httpGet("/ready");
        readiness.initialDelaySeconds = 5;
        readiness.periodSeconds = 2;
        readiness.timeoutSeconds = 3;
        readiness.failureThreshold = 7;
        readiness.httpGet.port = FunctionEnvironment.POD_PORT;
        revision.getSpec().template.readinessProbe = readiness;
        revision.getSpec().template.livenessProbe = HealthProbe.tcpSocket();

        Container container = container(revision);

        Probe probe = container.getReadinessProbe();
        assertThat(probe.getHttpGet().getPath()).isEqualTo("/ready");
        assertThat(probe.getHttpGet().getPort()).as("always the function's port, by name").isEqualTo(new IntOrString("http"));
        assertThat(probe.getInitialDelaySeconds()).isEqualTo(5);
        assertThat(probe.getPeriodSeconds()).isEqualTo(2);
        assertThat(probe.getTimeoutSeconds()).isEqualTo(3);
        assertThat(probe.getFailureThreshold()).isEqualTo(7);
        assertThat(container.getLivenessProbe().getHttpGet()).as("the template's TCP liveness, not the SDK's").isNull();
        assertThat(container.getLivenessProbe().getTcpSocket()).isNotNull();
        assertThat(container.getLivenessProbe().getPeriodSeconds()).isEqualTo(10);
    }

    @Test
    void theControllersPortIsTheContractsPodPort() {
        assertThat(ChildNames.PORT).isEqualTo(FunctionEnvironment.POD_PORT);
    }

    private static FunctionRevision withDefault(FunctionRevision revision, DefaultProbe probe) {
        revision.getSpec().defaultProbe = probe;
        return revision;
    }

    private static Container container(FunctionRevision revision) {
        return PodTemplates.of(revision, "Always", PodSettings.defaults()).getSpec().getContainers().get(0);
    }
}
