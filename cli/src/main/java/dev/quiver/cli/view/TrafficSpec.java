package dev.quiver.cli.view;

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
 * {@code --tag REV=TAG} tags (kn's order; {@code TAG=REV} still read) and {@code --route-header H=V:REV} header routes. Only the syntax is checked here;
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
     * @param tags         {@code REV=TAG} items (or the older {@code TAG=REV}, see {@link #tag})
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
        applyTags(function, targets, tags);
        return targets;
    }

    /**
     * The function's current traffic with tags moved: {@code untags} are taken off (a 0 % target that only carried
     * the tag goes), then {@code tags} ({@code REV=TAG}) are set, each moving from wherever it was.
     *
     * @throws IllegalArgumentException when a tag to remove is on no target, or an item is malformed
     */
    public static List<TrafficTarget> retag(String function, List<TrafficTarget> current, List<String> tags,
            List<String> untags) {
        List<TrafficTarget> targets = new ArrayList<>(current);
        Set<String> moving = new HashSet<>(untags);
        for (String tag : tags) {
            moving.add(tag(function, tag).tag());
        }
        for (String untag : untags) {
            if (targets.stream().noneMatch(t -> untag.equals(t.tag))) {
                throw new IllegalArgumentException("--untag " + untag + ": no revision of " + function + " has that tag");
            }
        }
        // A target that exists only for a tag being removed or moved goes; one with a share or a match stays, untagged.
        targets.removeIf(t -> moving.contains(t.tag) && t.match == null && (t.percent == null || t.percent == 0));
        targets.forEach(t -> {
            if (moving.contains(t.tag)) {
                t.tag = null;
            }
        });
        applyTags(function, targets, tags);
        return targets;
    }

    /** A {@code --tag} item read: the tag, the revision reference, and whether it was written in the old order. */
    public record Tag(String tag, String revision, boolean oldOrder) {
    }

    /**
     * Reads a {@code --tag} item: kn's {@code REV=TAG} ({@code hello-00001=stable}); the older {@code TAG=REV}
     * ({@code stable=hello-00001}) still works when only its right side names a revision ({@code @latest}, a number
     * or {@code <function>-NNNNN}), and is reported as old so that the command can say so.
     */
    public static Tag tag(String function, String item) {
        int eq = item.indexOf('=');
        if (eq <= 0 || eq == item.length() - 1) {
            throw new IllegalArgumentException("--tag expects REV=TAG (e.g. " + RevisionNames.of(function, 1)
                    + "=stable), got '" + item + "'");
        }
        String left = item.substring(0, eq);
        String right = item.substring(eq + 1);
        boolean oldOrder = !namesRevision(function, left) && namesRevision(function, right);
        return oldOrder ? new Tag(left, right, true) : new Tag(right, left, false);
    }

    /** Whether a reference has the form of a revision: {@code @latest}, a number, or the function's revision name. */
    static boolean namesRevision(String function, String reference) {
        return LATEST.equals(reference) || (!reference.isEmpty() && reference.chars().allMatch(Character::isDigit))
                || RevisionNames.number(function, reference).isPresent();
    }

    private static void applyTags(String function, List<TrafficTarget> targets, List<String> tags) {
        Set<String> tagNames = new HashSet<>();
        for (String item : tags) {
            Tag tag = tag(function, item);
            if (!tagNames.add(tag.tag())) {
                throw new IllegalArgumentException("tag '" + tag.tag() + "' is given twice: a tag reaches exactly one revision");
            }
            attachTag(targets, tag.tag(), revisionName(function, tag.revision()));
        }
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
