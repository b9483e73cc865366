package dev.quiver.controller.reconcilers;

import dev.quiver.api.BuildSpec;
import dev.quiver.api.Function;
import dev.quiver.api.contract.ChildNames;
import dev.quiver.api.contract.Labels;
import dev.quiver.controller.ControllerConfig;
import dev.quiver.controller.status.BuildStatuses;
import dev.quiver.controller.resources.BuildJobs;
import dev.quiver.controller.resources.ConfigCopies;
import dev.quiver.controller.resources.Owners;
import dev.quiver.controller.resources.SourceHash;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * The build step of the Function reconciler: works out the hash of the build inputs, starts the build Job
 * when that source has not been built (or failed) before, and reads the Job's result. Only fetches, calls
 * the pure builders and writes the Job; the Function's status is written by the reconciler.
 */
final class FunctionBuilds {

    private static final Logger LOG = Logger.getLogger(FunctionBuilds.class);

    private final BuildJobs jobs;

    FunctionBuilds(ControllerConfig.Build config) {
        this.jobs = new BuildJobs(new BuildJobs.Settings(config.builderImage(), config.sourceImage(), config.mavenCacheClaim(),
                config.insecureRegistries().orElse(List.of()), config.timeoutSeconds(), config.ttlSecondsAfterFinished(),
                config.cpu(), config.memory()));
    }

    /** The state of the Function's build, starting the build Job if one is due. */
    BuildStatuses.Outcome reconcile(KubernetesClient client, Function function) {
        BuildSpec build = function.getSpec().build;
        String namespace = function.getMetadata().getNamespace();
        String contentDigest = null;
        if (build.configMap != null) {
            ConfigMap source = client.configMaps().inNamespace(namespace).withName(build.configMap).get();
            if (source == null) {
                return BuildStatuses.blocked(function, "SourceNotFound",
                        "ConfigMap " + namespace + "/" + build.configMap + " (spec.build.configMap) does not exist; create it");
            }
            contentDigest = ConfigCopies.digest(source);
        }
        String hash = SourceHash.of(build, contentDigest);
        if (BuildStatuses.isBuilt(function, hash)) {
            return BuildStatuses.built(function);
        }
        String jobName = ChildNames.buildJob(function.getMetadata().getName(), hash);
        Job job = client.batch().v1().jobs().inNamespace(namespace).withName(jobName).get();
        if (job == null && !BuildStatuses.hasFailed(function, jobName)) {
            String missing = missingCredentials(client, namespace, build);
            if (missing != null) {
                return BuildStatuses.blocked(function, "CredentialsNotFound", missing);
            }
            LOG.infof("building %s/%s from %s in Job %s", namespace, function.getMetadata().getName(), describe(build), jobName);
            job = ChildWriter.createIfAbsent(client, null, jobs.job(function, hash), function).object();
        } else if (job != null && !Owners.isControlledBy(job, function)) {
            return BuildStatuses.blocked(function, "NotOwned", "Job " + jobName + " exists and is not owned by this Function; "
                    + "delete or rename it");
        }
        List<Pod> pods = job != null && job.getStatus() != null && job.getStatus().getConditions() != null
                && !job.getStatus().getConditions().isEmpty()
                ? client.pods().inNamespace(namespace).withLabel(Labels.BUILD_JOB, jobName).list().getItems()
                : List.of();
        return BuildStatuses.of(function, hash, jobName, job, pods);
    }

    /** Why the registry credentials cannot be mounted, or null when they can; never reads out the Secret's data. */
    private static String missingCredentials(KubernetesClient client, String namespace, BuildSpec build) {
        if (build.credentialsSecret == null) {
            return null;
        }
        Secret secret = client.secrets().inNamespace(namespace).withName(build.credentialsSecret).get();
        if (secret == null) {
            return "Secret " + namespace + "/" + build.credentialsSecret + " (spec.build.credentialsSecret) does not exist; "
                    + "create it with kubectl create secret docker-registry";
        }
        if (secret.getData() == null || !secret.getData().containsKey(".dockerconfigjson")) {
            return "Secret " + namespace + "/" + build.credentialsSecret + " has no .dockerconfigjson key; "
                    + "make it a kubernetes.io/dockerconfigjson Secret (kubectl create secret docker-registry)";
        }
        return null;
    }

    private static String describe(BuildSpec build) {
        if (build.git != null) {
            // A clone URL may carry a user and token: never log them.
            return build.git.url.replaceFirst("//[^/@]+@", "//") + "@" + build.git.revisionOrDefault();
        }
        return build.configMap != null ? "ConfigMap " + build.configMap : build.archive.url;
    }
}
