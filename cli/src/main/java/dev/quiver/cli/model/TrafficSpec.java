package dev.quiver.cli.model;

import dev.quiver.api.TrafficMatch;
import dev.quiver.api.TrafficTarget;
import dev.quiver.api.revisions.RevisionNames;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Turns the arguments of {@code quiver traffic} into the traffic list of a Function: {@code REV=PCT} splits,
 * {@code --tag T=REV} tags and {@code --route-header H=V:REV} header routes. Only the syntax is checked here;
 * whether the whole list is valid (percents summing to 100, revisions that exist) is the runtime's
 * {@code FunctionValidator}'s call, so there is one set of rules.
 */
public final class TrafficSpec {

    /** The revision reference that follows the latest ready revision. */
    public static final String LATEST = "@latest";

    private TrafficSpec() {
    }

    /**
     * The traffic targets for a function.
     *
     * @param function     the function's name, to expand revision numbers ({@code 2} is {@code <function>-00002})
     * @param splits       {@code REV=PCT} items
     * @param tags         {@code TAG=REV} items
     * @param headerRoutes {@code HEADER=VALUE:REV} items
     * @throws IllegalArgumentException with a message for the user when an item is malformed
     */
    public static List<TrafficTarget> build(String function, List<String> splits, List<String> tags,
            List<String> headerRoutes) {
        List<TrafficTarget> targets = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String split : splits) {
            TrafficTarget target = split(function, split);
            if (!seen.add(key(target))) {
                throw new IllegalArgumentException("revision " + key(target) + " is given twice: give each revision one REV=PCT");
            }
            targets.add(target);
        }
        for (String route : headerRoutes) {
            targets.add(headerRoute(function, route));
        }
        Set<String> tagNames = new HashSet<>();
        for (String tag : tags) {
            int eq = tag.indexOf('=');
            if (eq <= 0 || eq == tag.length() - 1) {
                throw new IllegalArgumentException("--tag expects TAG=REV (e.g. stable=" + RevisionNames.of(function, 1)
                        + "), got '" + tag + "'");
            }
            String name = tag.substring(0, eq);
            if (!tagNames.add(name)) {
                throw new IllegalArgumentException("tag '" + name + "' is given twice: a tag reaches exactly one revision");
            }
            attachTag(targets, name, revisionName(function, tag.substring(eq + 1)));
        }
        return targets;
    }

    /**
     * The revision a reference names: {@code @latest} gives null (follow the latest ready revision), a number
     * gives the function's revision of that number, anything else is taken as a revision name.
     */
    public static String revisionName(String function, String reference) {
        if (LATEST.equals(reference)) {
            return null;
        }
        if (reference.isBlank()) {
            throw new IllegalArgumentException("a revision reference may not be blank");
        }
        if (reference.chars().allMatch(Character::isDigit)) {
            if (reference.length() > 9) {
                throw new IllegalArgumentException("no revision has the number " + reference);
            }
            int number = Integer.parseInt(reference);
            if (number < 1) {
                throw new IllegalArgumentException("revision numbers start at 1, got '" + reference + "'");
            }
            return RevisionNames.of(function, number);
        }
        return reference;
    }

    private static TrafficTarget split(String function, String item) {
        int eq = item.lastIndexOf('=');
        if (eq <= 0 || eq == item.length() - 1) {
            throw new IllegalArgumentException("expected REV=PCT (e.g. " + RevisionNames.of(function, 2) + "=90 or "
                    + LATEST + "=10), got '" + item + "'");
        }
        int percent = percent(item, item.substring(eq + 1));
        return target(revisionName(function, item.substring(0, eq)), percent);
    }

    private static int percent(String item, String text) {
        try {
            int percent = Integer.parseInt(text.endsWith("%") ? text.substring(0, text.length() - 1) : text);
            if (percent >= 0 && percent <= 100) {
                return percent;
            }
        } catch (NumberFormatException e) {
            // reported below, with the item it came from
        }
        throw new IllegalArgumentException("the percent in '" + item + "' must be a whole number from 0 to 100");
    }

    private static TrafficTarget headerRoute(String function, String item) {
        int eq = item.indexOf('=');
        // The revision follows the last colon, so header values may themselves contain colons.
        int colon = item.lastIndexOf(':');
        if (eq <= 0 || colon < eq + 2 || colon == item.length() - 1) {
            throw new IllegalArgumentException("--route-header expects HEADER=VALUE:REV (e.g. x-group=test:"
                    + RevisionNames.of(function, 3) + "), got '" + item + "'");
        }
        String revision = revisionName(function, item.substring(colon + 1));
        if (revision == null) {
            throw new IllegalArgumentException("--route-header '" + item + "' needs a named revision: a header route "
                    + "pins testers to one revision, so it cannot follow " + LATEST);
        }
        TrafficTarget target = new TrafficTarget();
        target.revisionName = revision;
        target.match = TrafficMatch.header(item.substring(0, eq), item.substring(eq + 1, colon));
        return target;
    }

    /** Tags the first untagged target of the revision (weighted first), or adds a 0 % target carrying the tag. */
    private static void attachTag(List<TrafficTarget> targets, String tag, String revision) {
        TrafficTarget untagged = targets.stream()
                .filter(t -> t.tag == null && Objects.equals(t.revisionName, revision) && (revision != null || t.followsLatest()))
                .min((a, b) -> Boolean.compare(a.match != null, b.match != null))
                .orElse(null);
        if (untagged != null) {
            untagged.tag = tag;
        } else {
            targets.add(target(revision, 0).withTag(tag));
        }
    }

    /** A weighted target; a null revision follows the latest ready one. */
    private static TrafficTarget target(String revision, int percent) {
        return revision == null ? TrafficTarget.latest(percent) : TrafficTarget.revision(revision, percent);
    }

    private static String key(TrafficTarget target) {
        return target.followsLatest() ? LATEST : target.revisionName;
    }
}
