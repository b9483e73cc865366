package dev.quiver.controller.resources;

import dev.quiver.api.ArchiveSource;
import dev.quiver.api.Function;
import dev.quiver.api.contract.ChildNames;
import dev.quiver.api.contract.Labels;
import dev.quiver.api.testing.Fixtures;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The build Job of a Function: its source step, builder arguments, lock-down and volumes. */
class BuildJobsTest {

    private static final String HASH = "0123456789abcdef";
    private static final BuildJobs.Settings SETTINGS = new BuildJobs.Settings("ghcr.io/quiver-dev/quiver-builder:1.0",
            "docker.io/alpine/git:2.47.2", Optional.empty(), List.of("registry.local:5000"), 1800, 3600, "1", "2Gi");
    private final BuildJobs jobs = new BuildJobs(SETTINGS);

    @Test
    void jobIsNamedBySourceOwnedByFunctionRunsOnceAndIsCollected() {
        Job job = jobs.job(gitFunction("src/hello/"), HASH);

        assertThat(job.getMetadata().getName()).isEqualTo("hello-build-0123456789");
        assertThat(job.getMetadata().getLabels()).containsEntry(Labels.FUNCTION, "hello").containsEntry(Labels.BUILD, HASH);
        assertThat(job.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(ref -> assertThat(ref.getUid() + " " + ref.getController()).isEqualTo("uid-hello true"));
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(3600);
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(1800L);
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels()).containsEntry(Labels.BUILD_JOB, "hello-build-0123456789");
    }

    @Test
    void podIsLockedDownWithWritableScratchVolumesOnly() {
        PodSpec pod = jobs.job(gitFunction(null), HASH).getSpec().getTemplate().getSpec();

        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        for (Container container : containers(pod)) {
            assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).as(container.getName()).isTrue();
            assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(container.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
            assertThat(container.getResources().getLimits()).containsKey("memory");
        }
        Map<String, Volume> volumes = pod.getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
        for (VolumeMount mount : containers(pod).stream().flatMap(c -> c.getVolumeMounts().stream()).toList()) {
            Volume volume = volumes.get(mount.getName());
            assertThat(volume).as(mount.getName()).isNotNull();
            if (!Boolean.TRUE.equals(mount.getReadOnly())) {
                assertThat(volume.getEmptyDir()).as("writable mount " + mount.getMountPath()).isNotNull();
            }
        }
    }

    @Test
    void builderRunsQuiverBuildOnContextDirAndWritesDigestToTerminationLog() {
        Container builder = jobs.job(gitFunction("/src/hello/"), HASH).getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(builder.getImage()).isEqualTo("ghcr.io/quiver-dev/quiver-builder:1.0");
        assertThat(builder.getArgs()).containsExactly("build", "/workspace/src/hello", "--registry", "registry.local:5000/team",
                "--image", "hello", "--digest-file", "/dev/termination-log", "--insecure-registry");
        assertThat(builder.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
        assertThat(builder.getVolumeMounts()).extracting(VolumeMount::getMountPath).contains("/home/quiver/.m2", "/workspace");
    }

    @Test
    void secureRegistryGetsNoInsecureFlagAndBaseImageIsPassedOn() {
        Function function = gitFunction(null);
        function.getSpec().build.registry = "ghcr.io/team";
        function.getSpec().build.baseImage = "eclipse-temurin:21-jre";

        assertThat(jobs.builderArgs(function)).containsExactly("build", "/workspace", "--registry", "ghcr.io/team", "--image", "hello",
                "--digest-file", "/dev/termination-log", "--base-image", "eclipse-temurin:21-jre");
    }

    @Test
    void gitSourceReachesTheScriptOnlyThroughEnvironment() {
        Function function = gitFunction(null);
        function.getSpec().build.git.url = "https://example.com/x.git; rm -rf /";
        Container source = jobs.job(function, HASH).getSpec().getTemplate().getSpec().getInitContainers().get(0);

        assertThat(source.getImage()).isEqualTo("docker.io/alpine/git:2.47.2");
        assertThat(String.join(" ", source.getCommand())).contains("git clone").doesNotContain("example.com");
        assertThat(env(source)).containsEntry("GIT_URL", "https://example.com/x.git; rm -rf /").containsEntry("GIT_REVISION", "v1");
    }

    @Test
    void configMapSourceIsMountedAndArchiveIsCheckedAgainstItsSha256() {
        Function fromConfigMap = Fixtures.builtFromConfigMap("team", "hello", "hello-src");
        fromConfigMap.getMetadata().setUid("uid-hello");
        PodSpec pod = jobs.job(fromConfigMap, HASH).getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes()).anySatisfy(v -> assertThat(v.getConfigMap() == null ? null : v.getConfigMap().getName())
                .isEqualTo("hello-src"));
        assertThat(pod.getInitContainers().get(0).getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath() + " " + m.getReadOnly())
                .isEqualTo("/source true"));

        Function fromArchive = Fixtures.builtFromConfigMap("team", "hello", null);
        fromArchive.getMetadata().setUid("uid-hello");
        fromArchive.getSpec().build.archive = new ArchiveSource();
        fromArchive.getSpec().build.archive.url = "https://example.com/hello.zip";
        fromArchive.getSpec().build.archive.sha256 = "f".repeat(64);
        Container source = jobs.job(fromArchive, HASH).getSpec().getTemplate().getSpec().getInitContainers().get(0);
        assertThat(String.join(" ", source.getCommand())).contains("sha256sum -c", "unzip", "tar -xzf");
        assertThat(env(source)).containsEntry("ARCHIVE_URL", "https://example.com/hello.zip").containsEntry("ARCHIVE_SHA256", "f".repeat(64));
    }

    @Test
    void credentialsSecretIsMountedAsDockerConfigAndMavenCacheCanBeAClaim() {
        Function function = gitFunction(null);
        function.getSpec().build.credentialsSecret = "push-creds";
        BuildJobs withClaim = new BuildJobs(new BuildJobs.Settings("b", "s", Optional.of("maven-cache"), List.of(), 60, 60, "1", "1Gi"));
        PodSpec pod = withClaim.job(function, HASH).getSpec().getTemplate().getSpec();

        Volume credentials = pod.getVolumes().stream().filter(v -> v.getSecret() != null).findFirst().orElseThrow();
        assertThat(credentials.getSecret().getSecretName()).isEqualTo("push-creds");
        assertThat(credentials.getSecret().getItems()).singleElement()
                .satisfies(item -> assertThat(item.getKey() + " -> " + item.getPath()).isEqualTo(".dockerconfigjson -> config.json"));
        Container builder = pod.getContainers().get(0);
        assertThat(env(builder)).containsEntry("DOCKER_CONFIG", "/home/quiver/.docker").containsEntry("HOME", "/home/quiver");
        assertThat(builder.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath() + " " + m.getReadOnly())
                .isEqualTo("/home/quiver/.docker true"));
        assertThat(pod.getVolumes()).anySatisfy(v -> assertThat(v.getName() + " " + (v.getPersistentVolumeClaim() == null ? null
                : v.getPersistentVolumeClaim().getClaimName())).isEqualTo("maven-cache maven-cache"));
    }

    @Test
    void longFunctionNamesStillGiveValidJobNames() {
        String name = ChildNames.buildJob("a".repeat(60) + "-bcd", HASH);

        assertThat(name).hasSizeLessThanOrEqualTo(63).endsWith("-build-0123456789").doesNotContain("--");
    }

    @Test
    void registryHostIsTheFirstPathSegment() {
        assertThat(BuildJobs.registryHost("registry.local:5000/team/fn")).isEqualTo("registry.local:5000");
        assertThat(BuildJobs.registryHost("localhost:5000")).isEqualTo("localhost:5000");
    }

    private static Function gitFunction(String contextDir) {
        Function function = Fixtures.built("team", "hello", "https://git.example.com/team/hello.git", "v1");
        function.getMetadata().setUid("uid-hello");
        function.getSpec().build.git.contextDir = contextDir;
        return function;
    }

    private static List<Container> containers(PodSpec pod) {
        return Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream()).toList();
    }

    private static Map<String, String> env(Container container) {
        return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }
}
