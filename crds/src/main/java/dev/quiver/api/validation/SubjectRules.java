package dev.quiver.api.validation;

import dev.quiver.api.Function;
import dev.quiver.api.JetStreamTrigger;
import dev.quiver.api.NatsTrigger;
import dev.quiver.api.Subjects;
import dev.quiver.api.Triggers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which NATS subjects and streams a Function's triggers may use. The runtime subscribes and dead-letters with its
 * own, privileged NATS user, so these rules are what keeps one tenant (a namespace) from reading another's
 * messages or Quiver's own subjects through a trigger, and from making the runtime publish where it should not.
 *
 * <p>Everywhere ({@link #open()}, also {@code quiver dev}): a subject's first token is literal (no {@code >},
 * {@code *.>} or {@code *.orders}, which match every tenant's subjects), does not start with {@code $} (JetStream
 * API, key-value buckets, object stores, system account) or {@code _} (reply inboxes), and is not under
 * {@code quiver.} (stored asynchronous requests, dead letters of other functions) except the namespace's own
 * dead letters {@code quiver.dlq.<namespace>.}; stream names {@code QUIVER_*}, {@code KV_*} and {@code OBJ_*} are
 * Quiver's and the server's own. On a cluster ({@link #namespaced}) a Function in namespace {@code N} may further
 * use only subjects under {@code N.>}, its dead letters {@code quiver.dlq.N.>}, and the subjects the operator
 * granted to {@code N} in {@code quiver.nats.namespace-subjects} ({@code N=orders.>}).
 */
public final class SubjectRules {

    /** The setting that grants namespaces more subjects: a list of {@code namespace=subject} entries. */
    public static final String GRANTS_SETTING = "quiver.nats.namespace-subjects";
    /** Prefix of the default dead-letter subjects, {@code quiver.dlq.<namespace>.<function>}. */
    public static final String DLQ_PREFIX = "quiver.dlq.";

    private static final List<String> RESERVED_STREAM_PREFIXES = List.of("QUIVER_", "KV_", "OBJ_");

    private final boolean namespaced;
    private final Map<String, List<String>> grants;

    private SubjectRules(boolean namespaced, Map<String, List<String>> grants) {
        this.namespaced = namespaced;
        this.grants = grants;
    }

    /** The rules of every platform: no full wildcards, no reserved prefixes, no reserved stream names. */
    public static SubjectRules open() {
        return new SubjectRules(false, Map.of());
    }

    /**
     * The cluster's rules: {@link #open()} and each namespace confined to its own subjects and its grants.
     *
     * @param grants entries {@code namespace=subject} (the value of {@value #GRANTS_SETTING}); blank ones are skipped
     * @throws IllegalArgumentException for an entry that is no {@code namespace=subject} with a valid subject
     */
    public static SubjectRules namespaced(List<String> grants) {
        Map<String, List<String>> byNamespace = new LinkedHashMap<>();
        for (String entry : grants) {
            if (entry == null || entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            String namespace = equals < 0 ? "" : entry.substring(0, equals).strip();
            String subject = equals < 0 ? "" : entry.substring(equals + 1).strip();
            if (namespace.isEmpty() || !Subjects.isValid(subject)) {
                throw new IllegalArgumentException(GRANTS_SETTING + ": '" + entry + "' must be namespace=subject, "
                        + "e.g. team-a=orders.>");
            }
            byNamespace.computeIfAbsent(namespace, n -> new ArrayList<>()).add(subject);
        }
        byNamespace.replaceAll((namespace, subjects) -> List.copyOf(subjects));
        return new SubjectRules(true, Map.copyOf(byNamespace));
    }

    /** The subject patterns a Function in the namespace may use on a cluster: its own, its dead letters, grants. */
    public List<String> allowed(String namespace) {
        List<String> allowed = new ArrayList<>(List.of(namespace + ".>", DLQ_PREFIX + namespace + ".>"));
        allowed.addAll(grants.getOrDefault(namespace, List.of()));
        return allowed;
    }

    /** Every problem of the Function's event triggers under these rules; empty when they may be bound. */
    public List<Problem> check(Function function) {
        List<Problem> problems = new ArrayList<>();
        if (function.getSpec() == null) {
            return problems;
        }
        String namespace = namespaceOf(function);
        Triggers triggers = function.getSpec().triggersOrDefault();
        for (int i = 0; i < triggers.nats.size(); i++) {
            NatsTrigger nats = triggers.nats.get(i);
            checkSubject(problems, "spec.triggers.nats[" + i + "].subject", nats.subject, namespace);
        }
        for (int i = 0; i < triggers.jetstream.size(); i++) {
            JetStreamTrigger js = triggers.jetstream.get(i);
            String path = "spec.triggers.jetstream[" + i + "]";
            checkStream(problems, path + ".stream", js.stream);
            checkSubject(problems, path + ".subject", js.subject, namespace);
            // The runtime publishes dead letters itself: a foreign or internal subject here would be a forgery.
            checkSubject(problems, path + ".deadLetterSubject", js.deadLetterSubject, namespace);
        }
        return problems;
    }

    /** What is wrong with one subject, or null; null and invalid subjects are left to the schema checks. */
    public String problem(String subject, String namespace) {
        if (subject == null || !Subjects.isValid(subject)) {
            return null;
        }
        String first = subject.split("\\.", -1)[0];
        if (first.equals("*") || first.equals(">")) {
            return "'" + subject + "' starts with a wildcard and so matches every team's subjects (and Quiver's); "
                    + "start it with a literal token, e.g. " + example(namespace);
        }
        if (first.startsWith("$") || first.startsWith("_")) {
            return "'" + subject + "' is reserved: subjects starting with '$' or '_' belong to the NATS server "
                    + "(JetStream API, key-value buckets, system events) and to reply inboxes; use e.g. " + example(namespace);
        }
        if (first.equals("quiver") && !within(subject, DLQ_PREFIX + namespace + ".>")) {
            return "'" + subject + "' is reserved: quiver.* carries Quiver's stored requests and dead letters; a "
                    + "function may only use its namespace's dead letters (" + DLQ_PREFIX + namespace + ".<function>)";
        }
        if (namespaced && allowed(namespace).stream().noneMatch(pattern -> within(subject, pattern))) {
            return "'" + subject + "' is outside the subjects namespace " + namespace + " may use ("
                    + String.join(", ", allowed(namespace)) + "); use a subject under " + namespace + ". or ask the "
                    + "operator to grant it with " + GRANTS_SETTING + "=" + namespace + "=" + subject;
        }
        return null;
    }

    private void checkSubject(List<Problem> problems, String path, String subject, String namespace) {
        String problem = problem(subject, namespace);
        if (problem != null) {
            problems.add(new Problem(path, problem));
        }
    }

    private static void checkStream(List<Problem> problems, String path, String stream) {
        if (stream == null) {
            return;
        }
        String upper = stream.toUpperCase(Locale.ROOT);
        RESERVED_STREAM_PREFIXES.stream().filter(upper::startsWith).findFirst().ifPresent(prefix ->
                problems.add(new Problem(path, "'" + stream + "' is reserved: streams named " + prefix + "* are "
                        + (prefix.equals("QUIVER_") ? "Quiver's own (stored requests, dead letters)"
                        : "the NATS server's key-value and object stores") + "; choose another name")));
    }

    /** Whether every subject the filter matches also matches the pattern (token by token). */
    public static boolean within(String filter, String pattern) {
        String[] f = filter.split("\\.", -1);
        String[] p = pattern.split("\\.", -1);
        for (int i = 0; i < p.length; i++) {
            if (p[i].equals(">")) {
                return f.length > i;
            }
            if (i >= f.length || f[i].equals(">") || (f[i].equals("*") && !p[i].equals("*"))) {
                return false;
            }
            if (!p[i].equals("*") && !p[i].equals(f[i])) {
                return false;
            }
        }
        return f.length == p.length;
    }

    private static String example(String namespace) {
        return namespace + ".orders";
    }

    private static String namespaceOf(Function function) {
        String namespace = function.getMetadata() == null ? null : function.getMetadata().getNamespace();
        return namespace == null || namespace.isBlank() ? "default" : namespace;
    }

    @Override
    public String toString() {
        return namespaced ? "SubjectRules.namespaced" + grants : "SubjectRules.open";
    }
}
