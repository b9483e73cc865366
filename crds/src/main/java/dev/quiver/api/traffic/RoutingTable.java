package dev.quiver.api.traffic;

import dev.quiver.api.ApiJson;
import dev.quiver.api.StickySplit;
import dev.quiver.api.StringMatch;
import dev.quiver.api.TrafficMatch;
import dev.quiver.api.TrafficTarget;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the gateway picks a revision for a request, from resolved traffic: match rules first (in spec order),
 * then an explicit tag, then the weighted split. Built once per traffic change; choosing allocates nothing, but
 * for a sticky value's hash.
 *
 * <p>A sticky split ({@link StickySplit}) places a request by the hash of its cookie or header ({@link StickyHash})
 * instead of a random number, and orders the split newest revision first: the newest revision (the canary) holds
 * the lowest range, so when its percent grows from 10 to 25 every user below 10 stays on it and only users of older
 * revisions move to it, never back.
 */
public final class RoutingTable {

    /**
     * Revision names end in a zero-padded counter ({@code hello-00003}): the longer name, then the greater one, is the
     * newer revision, also past 99999.
     */
    private static final Comparator<TrafficTarget> NEWEST_FIRST = Comparator
            .<TrafficTarget>comparingInt(t -> t.revisionName.length())
            .thenComparing(t -> t.revisionName).reversed();

    private final List<TrafficTarget> rules;
    private final Map<String, String> revisionByTag;
    private final String[] splitRevisions;
    private final int[] cumulativePercent;
    private final int totalPercent;
    private final StickySplit sticky;

    private RoutingTable(List<TrafficTarget> rules, Map<String, String> revisionByTag, List<TrafficTarget> split,
            StickySplit sticky) {
        this.rules = rules;
        this.revisionByTag = revisionByTag;
        this.sticky = sticky;
        this.splitRevisions = new String[split.size()];
        this.cumulativePercent = new int[split.size()];
        int sum = 0;
        for (int i = 0; i < split.size(); i++) {
            sum += split.get(i).percentOrZero();
            splitRevisions[i] = split.get(i).revisionName;
            cumulativePercent[i] = sum;
        }
        this.totalPercent = sum;
    }

    /** A table from resolved targets (each naming a concrete revision) whose split draws at random. */
    public static RoutingTable of(List<TrafficTarget> resolvedTargets) {
        return of(resolvedTargets, null);
    }

    /**
     * A table from resolved targets (each naming a concrete revision).
     *
     * @param sticky what keeps a user on one revision of the split; null to draw at random
     */
    public static RoutingTable of(List<TrafficTarget> resolvedTargets, StickySplit sticky) {
        List<TrafficTarget> rules = new ArrayList<>();
        Map<String, String> tags = new LinkedHashMap<>();
        List<TrafficTarget> split = new ArrayList<>();
        for (TrafficTarget target : resolvedTargets) {
            if (target.tag != null) {
                tags.putIfAbsent(target.tag, target.revisionName);
            }
            if (target.match != null) {
                rules.add(target);
            } else if (target.percentOrZero() > 0) {
                split.add(target);
            }
        }
        if (sticky != null) {
            split.sort(NEWEST_FIRST);
        }
        return new RoutingTable(List.copyOf(rules), Map.copyOf(tags), split,
                sticky == null ? null : ApiJson.copy(sticky, StickySplit.class));
    }

    /** What the table needs to know of a request. */
    public interface Request {
        /** A header's value (names case-insensitive), or null. */
        String header(String name);

        /** A cookie's value, or null. */
        String cookie(String name);
    }

    /**
     * The revision for a request that names no tag.
     *
     * @param request what the match rules read
     * @param uniform a random number in [0, 1) that places the request in the split, unless the split is sticky
     *                and the request carries the sticky cookie or header
     * @return the revision, or empty when no rule matches and the split is empty
     */
    public Optional<String> choose(Request request, double uniform) {
        Optional<String> byRule = matchRule(request);
        if (byRule.isPresent()) {
            return byRule;
        }
        if (totalPercent == 0) {
            return Optional.empty();
        }
        String stickyValue = stickyValue(request);
        double point = (stickyValue == null ? uniform : StickyHash.point(stickyValue)) * totalPercent;
        for (int i = 0; i < cumulativePercent.length; i++) {
            if (point < cumulativePercent[i]) {
                return Optional.of(splitRevisions[i]);
            }
        }
        return Optional.of(splitRevisions[splitRevisions.length - 1]);
    }

    /**
     * The revision of the first match rule the request satisfies, without the split: lets a caller that
     * holds a tag apply the order rules, then tag, then split.
     */
    public Optional<String> matchRule(Request request) {
        for (TrafficTarget rule : rules) {
            if (matches(rule.match, request)) {
                return Optional.of(rule.revisionName);
            }
        }
        return Optional.empty();
    }

    /** The revision a tag reaches, if the tag exists. */
    public Optional<String> revisionForTag(String tag) {
        return Optional.ofNullable(revisionByTag.get(tag));
    }

    /** The name of the cookie that keeps users on one revision of the split, or null when none does. */
    public String stickyCookie() {
        return sticky == null ? null : sticky.cookie;
    }

    /** The request's sticky cookie or header, or null when the split is not sticky or the request lacks it. */
    private String stickyValue(Request request) {
        if (sticky == null) {
            return null;
        }
        String value = sticky.cookie != null ? request.cookie(sticky.cookie) : request.header(sticky.header);
        return value == null || value.isEmpty() ? null : value;
    }

    /** The tags and the revisions they reach. */
    public Map<String, String> tags() {
        return revisionByTag;
    }

    private static boolean matches(TrafficMatch match, Request request) {
        for (Map.Entry<String, StringMatch> header : match.headers.entrySet()) {
            if (!header.getValue().matches(request.header(header.getKey()))) {
                return false;
            }
        }
        for (Map.Entry<String, StringMatch> cookie : match.cookies.entrySet()) {
            if (!cookie.getValue().matches(request.cookie(cookie.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
