package dev.quiver.cli.view;

import dev.quiver.api.Condition;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.FunctionStatus;
import dev.quiver.api.StickySplit;
import dev.quiver.api.StringMatch;
import dev.quiver.api.TrafficMatch;
import dev.quiver.api.TrafficTarget;
import dev.quiver.api.conditions.ConditionTypes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The readable text of {@code quiver list} and {@code quiver describe}. */
public final class FunctionView {

    private FunctionView() {
    }

    /** One line per function: readiness, latest revision, traffic split and URL. */
    public static String list(List<Function> functions) {
        if (functions.isEmpty()) {
            return "No functions.\n";
        }
        Table table = new Table("NAME", "READY", "REASON", "LATEST", "TRAFFIC", "URL");
        for (Function function : functions) {
            Condition ready = condition(function, ConditionTypes.READY);
            table.row(function.getMetadata().getName(), ready == null ? "Unknown" : ready.status,
                    ready == null || ready.isTrue() ? null : ready.reason,
                    status(function).latestReadyRevisionName, split(targets(function)), status(function).url);
        }
        return table.render("");
    }

    /** {@link #list} with more columns: the latest created revision, the tags and why a function is not ready. */
    public static String listWide(List<Function> functions) {
        if (functions.isEmpty()) {
            return "No functions.\n";
        }
        Table table = new Table("NAME", "READY", "REASON", "LATEST", "CREATED", "TRAFFIC", "TAGS", "URL", "MESSAGE");
        for (Function function : functions) {
            Condition ready = condition(function, ConditionTypes.READY);
            List<String> tags = targets(function).stream().filter(t -> t.tag != null)
                    .map(t -> t.tag + "=" + revision(t)).toList();
            table.row(function.getMetadata().getName(), ready == null ? "Unknown" : ready.status,
                    ready == null || ready.isTrue() ? null : ready.reason, status(function).latestReadyRevisionName,
                    status(function).latestCreatedRevisionName, split(targets(function)),
                    tags.isEmpty() ? null : String.join(",", tags), status(function).url,
                    ready == null || ready.isTrue() ? null : ready.message);
        }
        return table.render("");
    }

    /** One {@code function/NAME} per line, as kubectl's {@code -o name}. */
    public static String names(List<Function> functions) {
        StringBuilder text = new StringBuilder();
        functions.forEach(f -> text.append("function/").append(f.getMetadata().getName()).append('\n'));
        return text.toString();
    }

    /** The function's revisions (with readiness and replicas), its traffic, its rollout (when it has one) and its conditions. */
    public static String describe(Function function, List<FunctionRevision> revisions) {
        return describe(function, revisions, false);
    }

    /** {@link #describe}; {@code wide} adds each revision's image. */
    public static String describe(Function function, List<FunctionRevision> revisions, boolean wide) {
        FunctionStatus status = status(function);
        StringBuilder text = new StringBuilder();
        text.append(new Table("Name:", function.getMetadata().getName())
                .row("URL:", status.url)
                .row("Latest created:", status.latestCreatedRevisionName)
                .row("Latest ready:", status.latestReadyRevisionName)
                .render(""));

        text.append("\nRevisions:\n");
        if (revisions.isEmpty()) {
            text.append("  (none yet)\n");
        } else {
            Table table = wide ? new Table("NAME", "READY", "REPLICAS", "REASON", "MESSAGE", "IMAGE")
                    : new Table("NAME", "READY", "REPLICAS", "REASON", "MESSAGE");
            for (FunctionRevision revision : RevisionInfo.newestFirst(revisions)) {
                Condition ready = RevisionInfo.ready(revision);
                String[] cells = {revision.getMetadata().getName(), ready == null ? "Unknown" : ready.status,
                        replicas(revision), ready == null || ready.isTrue() ? null : ready.reason,
                        ready == null || ready.isTrue() ? null : ready.message,
                        revision.getSpec() == null ? null : revision.getSpec().image};
                table.row(wide ? cells : Arrays.copyOf(cells, 5));
            }
            text.append(table.render("  "));
        }

        text.append("\n").append(traffic(function));
        String rollout = RolloutView.section(function);
        if (!rollout.isEmpty()) {
            text.append("\n").append(rollout);
        }

        text.append("\nConditions:\n");
        if (status.conditions.isEmpty()) {
            text.append("  (none yet)\n");
        } else {
            Table table = new Table("TYPE", "STATUS", "REASON", "MESSAGE");
            for (Condition condition : status.conditions) {
                table.row(condition.type, condition.status, condition.reason, condition.message);
            }
            text.append(table.render("  "));
        }
        return text.toString();
    }

    /** The traffic section: revision, percent, tag, match rule and URL of every target, and what makes it sticky. */
    public static String traffic(Function function) {
        StringBuilder text = new StringBuilder("Traffic:\n");
        List<TrafficTarget> traffic = targets(function);
        if (traffic.isEmpty()) {
            return text.append("  (none: all requests go to the latest ready revision once there is one)\n").toString();
        }
        Table table = new Table("REVISION", "PERCENT", "TAG", "MATCH", "URL");
        for (TrafficTarget target : traffic) {
            table.row(revision(target), target.match != null ? null : target.percentOrZero() + "%", target.tag,
                    match(target.match), target.url);
        }
        text.append(table.render("  "));
        StickySplit sticky = function.getSpec() == null ? null : function.getSpec().sticky;
        if (sticky != null) {
            text.append("  Sticky: each user stays on one revision by ")
                    .append(sticky.cookie != null ? "cookie " + sticky.cookie : "header " + sticky.header).append('\n');
        }
        return text.toString();
    }

    /** The traffic as served (the status), or as asked for while the status has none. */
    static List<TrafficTarget> targets(Function function) {
        List<TrafficTarget> served = status(function).traffic;
        return served.isEmpty() && function.getSpec() != null ? function.getSpec().traffic : served;
    }

    /** The weighted split in one cell: {@code hello-00002=90% hello-00001=10%}. */
    static String split(List<TrafficTarget> traffic) {
        List<String> parts = new ArrayList<>();
        for (TrafficTarget target : traffic) {
            if (target.match == null && target.percentOrZero() > 0) {
                parts.add(revision(target) + "=" + target.percentOrZero() + "%");
            }
        }
        return String.join(" ", parts);
    }

    private static String revision(TrafficTarget target) {
        if (target.followsLatest()) {
            return target.revisionName == null ? TrafficSpec.LATEST : target.revisionName + " (" + TrafficSpec.LATEST + ")";
        }
        return target.revisionName;
    }

    private static String match(TrafficMatch match) {
        if (match == null) {
            return null;
        }
        List<String> rules = new ArrayList<>();
        for (Map.Entry<String, StringMatch> header : match.headers.entrySet()) {
            rules.add("header " + header.getKey() + rule(header.getValue()));
        }
        for (Map.Entry<String, StringMatch> cookie : match.cookies.entrySet()) {
            rules.add("cookie " + cookie.getKey() + rule(cookie.getValue()));
        }
        return String.join(", ", rules);
    }

    private static String rule(StringMatch value) {
        return value.exact != null ? "=" + value.exact : " starts with " + value.prefix;
    }

    private static String replicas(FunctionRevision revision) {
        if (revision.getStatus() == null) {
            return null;
        }
        Integer actual = revision.getStatus().actualReplicas;
        Integer desired = revision.getStatus().desiredReplicas;
        String count = (actual == null ? 0 : actual) + "/" + (desired == null ? 0 : desired);
        return frozen(revision) ? count + " (frozen)" : count;
    }

    /**
     * Whether the revision's replica is frozen: scaled to zero by a local runtime that keeps it stopped (SIGSTOP)
     * for a fast resume; the runtime says so in the Active condition's message.
     */
    static boolean frozen(FunctionRevision revision) {
        Condition active = revision.getStatus().condition(ConditionTypes.ACTIVE);
        return active != null && !active.isTrue() && active.message != null && active.message.contains("frozen replica");
    }

    private static Condition condition(Function function, String type) {
        return status(function).condition(type);
    }

    private static FunctionStatus status(Function function) {
        return function.getStatus() == null ? new FunctionStatus() : function.getStatus();
    }
}
