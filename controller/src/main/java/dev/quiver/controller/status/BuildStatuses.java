package dev.quiver.controller.status;

import dev.quiver.api.ApiJson;
import dev.quiver.api.BuildStatus;
import dev.quiver.api.Condition;
import dev.quiver.api.Function;
import dev.quiver.api.conditions.ConditionTypes;
import dev.quiver.api.conditions.FunctionLifecycle;
import dev.quiver.api.contract.ChildNames;
import dev.quiver.api.contract.DefaultProbe;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a build Job and its pod into the Function's {@code BuildSucceeded} condition and {@code status.build}
 * (the image and the probes' default the builder chose, from its termination message).
 * The image and source hash in {@code status.build} change only on a successful build, so a failed or running
 * build leaves the Function on the image it already runs. Pure: the reconciler passes what it read.
 */
public final class BuildStatuses {

    /** Reason of BuildSucceeded=True. */
    public static final String BUILT = "Built";
    /** Reason while the build Job runs. */
    public static final String BUILDING = FunctionLifecycle.BUILDING;
    /** Reason when the builder failed; the message carries its log's last lines. */
    public static final String BUILD_FAILED = FunctionLifecycle.BUILD_FAILED;
    /** Reason when the source could not be fetched. */
    public static final String SOURCE_FETCH_FAILED = "SourceFetchFailed";
    /** Reason when the build ran past its deadline. */
    public static final String BUILD_TIMED_OUT = "BuildTimedOut";
    /** Reason when the build Job succeeded without naming an image by digest. */
    public static final String BUILD_RESULT_INVALID = "BuildResultInvalid";

    /** Failure reasons that stay reported (and the build not retried) until the source or settings change. */
    private static final Set<String> FAILURES = Set.of(BUILD_FAILED, SOURCE_FETCH_FAILED, BUILD_TIMED_OUT, BUILD_RESULT_INVALID);
    private static final Pattern IMAGE_BY_DIGEST = Pattern.compile("^[^\\s@]+@sha256:[a-f0-9]{64}$");
    // Defensive: the builder should never print these, but a log line that mentions one is never copied to status.
    private static final Pattern SECRET_LINE = Pattern.compile("(?i)password|passwd|token|secret|credential|authorization");
    private static final int TAIL_LINES = 20;
    private static final int TAIL_CHARS = 3000;

    /**
     * A build's state as the Function reports it.
     *
     * @param build     the value of {@code status.build}
     * @param condition the BuildSucceeded condition
     */
    public record Outcome(BuildStatus build, Condition condition) {

        /** The image to run: the last successful build's, or null when none has succeeded. */
        public String image() {
            return build == null ? null : build.image;
        }
    }

    private BuildStatuses() {
    }

    /** Whether the Function's last successful build was of exactly this source hash. */
    public static boolean isBuilt(Function function, String sourceHash) {
        BuildStatus build = previous(function);
        return build != null && build.image != null && sourceHash.equals(build.sourceHash);
    }

    /**
     * Whether the build Job of that name already failed (it may be gone since, collected after its TTL): the
     * Function's status is the record, so a failed source is not built again until it changes.
     */
    public static boolean hasFailed(Function function, String jobName) {
        BuildStatus build = previous(function);
        Condition condition = function.getStatus() == null ? null : function.getStatus().condition(ConditionTypes.BUILD_SUCCEEDED);
        return build != null && jobName.equals(build.jobName) && condition != null && condition.isFalse()
                && FAILURES.contains(condition.reason);
    }

    /** The outcome of a Function whose current source is already built. */
    public static Outcome built(Function function) {
        BuildStatus build = copy(previous(function));
        return new Outcome(build, Condition.of(ConditionTypes.BUILD_SUCCEEDED, Condition.TRUE, BUILT, "built and pushed " + build.image));
    }

    /** The outcome when the build cannot start, e.g. its source ConfigMap or credentials Secret is missing. */
    public static Outcome blocked(Function function, String reason, String message) {
        return new Outcome(copy(previous(function)), Condition.of(ConditionTypes.BUILD_SUCCEEDED, Condition.FALSE, reason, message));
    }

    /**
     * The outcome of the build Job for the current source.
     *
     * @param function   the Function as read
     * @param sourceHash the hash of its current build inputs
     * @param jobName    the name of the Job building them
     * @param job        that Job as read, or null when it does not exist (yet, or any more)
     * @param pods       the Job's pods (may be empty while it runs)
     */
    public static Outcome of(Function function, String sourceHash, String jobName, Job job, List<Pod> pods) {
        BuildStatus build = copy(previous(function));
        build.jobName = jobName;
        if (job == null) {
            if (hasFailed(function, jobName)) {
                return new Outcome(build, ApiJson.copy(function.getStatus().condition(ConditionTypes.BUILD_SUCCEEDED), Condition.class));
            }
            return new Outcome(build, unknown(BUILDING, "starting build Job " + jobName));
        }
        Optional<JobCondition> complete = condition(job, "Complete");
        Optional<JobCondition> failed = condition(job, "Failed");
        if (complete.isPresent()) {
            String result = terminated(pods, ChildNames.BUILD_CONTAINER).map(t -> t.getMessage() == null ? "" : t.getMessage().trim()).orElse("");
            String image = result.lines().findFirst().orElse("").trim();
            if (!IMAGE_BY_DIGEST.matcher(image).matches()) {
                return new Outcome(build, failed(BUILD_RESULT_INVALID, "build Job " + jobName
                        + " completed but did not report the pushed image as <image>@sha256:<digest>"
                        + (result.isEmpty() ? "" : "; it reported: " + tail(result))));
            }
            build.image = image;
            build.defaultProbe = defaultProbe(result);
            build.sourceHash = sourceHash;
            return new Outcome(build, Condition.of(ConditionTypes.BUILD_SUCCEEDED, Condition.TRUE, BUILT, "built and pushed " + image));
        }
        if (failed.isPresent()) {
            return new Outcome(build, failure(jobName, failed.get(), pods));
        }
        return new Outcome(build, unknown(BUILDING, "build Job " + jobName + " is running"));
    }

    /**
     * The probes' default a build result reports on a line {@value DefaultProbe#BUILD_RESULT_KEY}{@code =<name>} after the
     * image; null when it has none (a builder from before the line existed) or names none we know.
     */
    static DefaultProbe defaultProbe(String result) {
        return result.lines().skip(1).map(String::trim)
                .filter(line -> line.startsWith(DefaultProbe.BUILD_RESULT_KEY + "="))
                .map(line -> line.substring(DefaultProbe.BUILD_RESULT_KEY.length() + 1).trim())
                .flatMap(name -> Arrays.stream(DefaultProbe.values()).filter(p -> p.name().equals(name)))
                .findFirst().orElse(null);
    }

    private static Condition failure(String jobName, JobCondition failed, List<Pod> pods) {
        if ("DeadlineExceeded".equals(failed.getReason())) {
            return failed(BUILD_TIMED_OUT, "build Job " + jobName + " ran past its deadline and was stopped");
        }
        Optional<ContainerStateTerminated> source = terminated(pods, ChildNames.SOURCE_CONTAINER)
                .filter(t -> t.getExitCode() != null && t.getExitCode() != 0);
        if (source.isPresent()) {
            return failed(SOURCE_FETCH_FAILED, "build Job " + jobName + " could not fetch the source (exit code "
                    + source.get().getExitCode() + ")" + logTail(source.get()));
        }
        Optional<ContainerStateTerminated> builder = terminated(pods, ChildNames.BUILD_CONTAINER);
        if (builder.isPresent()) {
            return failed(BUILD_FAILED, "build Job " + jobName + " failed (exit code " + builder.get().getExitCode() + ")"
                    + logTail(builder.get()));
        }
        String why = failed.getMessage() == null ? failed.getReason() : failed.getReason() + ": " + failed.getMessage();
        return failed(BUILD_FAILED, "build Job " + jobName + " failed" + (why == null ? "" : " (" + why + ")"));
    }

    private static String logTail(ContainerStateTerminated state) {
        String tail = state.getMessage() == null ? "" : tail(state.getMessage());
        return tail.isEmpty() ? "" : "; last lines of its log:\n" + tail;
    }

    /**
     * The last lines of a log for a status message: at most {@value #TAIL_LINES} lines and {@value #TAIL_CHARS}
     * characters, with every line that mentions a password, token, secret or credential left out.
     */
    public static String tail(String log) {
        List<String> kept = new ArrayList<>();
        int hidden = 0;
        for (String line : log.strip().split("\\R")) {
            if (SECRET_LINE.matcher(line).find()) {
                hidden++;
            } else if (!line.isBlank()) {
                kept.add(line.stripTrailing());
            }
        }
        List<String> last = kept.subList(Math.max(0, kept.size() - TAIL_LINES), kept.size());
        String text = String.join("\n", last);
        if (text.length() > TAIL_CHARS) {
            text = "…" + text.substring(text.length() - TAIL_CHARS);
        }
        if (hidden > 0) {
            text += (text.isEmpty() ? "" : "\n") + "(" + hidden + " line(s) hidden: they mention a password, token, secret or credential)";
        }
        return text;
    }

    /** The terminated state of a container of the Job's newest pod that has one. */
    private static Optional<ContainerStateTerminated> terminated(List<Pod> pods, String container) {
        return pods.stream()
                .sorted(Comparator.comparing((Pod p) -> p.getMetadata().getCreationTimestamp() == null ? ""
                        : p.getMetadata().getCreationTimestamp()).reversed())
                .map(p -> p.getStatus() == null ? null : findTerminated(p, container))
                .filter(t -> t != null)
                .findFirst();
    }

    private static ContainerStateTerminated findTerminated(Pod pod, String container) {
        List<ContainerStatus> statuses = new ArrayList<>();
        if (pod.getStatus().getInitContainerStatuses() != null) {
            statuses.addAll(pod.getStatus().getInitContainerStatuses());
        }
        if (pod.getStatus().getContainerStatuses() != null) {
            statuses.addAll(pod.getStatus().getContainerStatuses());
        }
        return statuses.stream()
                .filter(s -> container.equals(s.getName()) && s.getState() != null && s.getState().getTerminated() != null)
                .map(s -> s.getState().getTerminated())
                .findFirst().orElse(null);
    }

    private static Optional<JobCondition> condition(Job job, String type) {
        return job.getStatus() == null || job.getStatus().getConditions() == null ? Optional.empty()
                : job.getStatus().getConditions().stream()
                        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus())).findFirst();
    }

    private static BuildStatus previous(Function function) {
        return function.getStatus() == null ? null : function.getStatus().build;
    }

    private static BuildStatus copy(BuildStatus build) {
        return build == null ? new BuildStatus() : ApiJson.copy(build, BuildStatus.class);
    }

    private static Condition unknown(String reason, String message) {
        return Condition.of(ConditionTypes.BUILD_SUCCEEDED, Condition.UNKNOWN, reason, message);
    }

    private static Condition failed(String reason, String message) {
        return Condition.of(ConditionTypes.BUILD_SUCCEEDED, Condition.FALSE, reason, message);
    }
}
