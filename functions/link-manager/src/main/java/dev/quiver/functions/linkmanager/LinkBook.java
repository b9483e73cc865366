package dev.quiver.functions.linkmanager;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest status of every user's links, in memory (the seed's link manager kept them in a database; this
 * sample keeps one replica and loses them on restart). Results can arrive out of order (a redelivered event, two
 * checkers racing), so an entry is only replaced by a result at least as new. Pure: no I/O.
 */
public final class LinkBook {

    /** The statuses the seed's link manager knows. */
    public static final Set<String> STATUSES = Set.of("pending", "valid", "invalid");

    private record Key(String username, String url) {
    }

    private final Map<Key, LinkEntry> entries = new ConcurrentHashMap<>();

    /**
     * Records a result unless a newer one for the same user and URL is already known.
     *
     * @return the entry now held for that user and URL (the given one, or the newer one kept)
     */
    public LinkEntry record(LinkEntry entry) {
        return entries.merge(new Key(entry.username(), entry.url()), entry,
                (known, incoming) -> incoming.updatedAt().isBefore(known.updatedAt()) ? known : incoming);
    }

    /** Every entry, or one user's when {@code username} is given, sorted by user then URL. */
    public List<LinkEntry> list(String username) {
        return entries.values().stream()
                .filter(entry -> username == null || entry.username().equals(username))
                .sorted(Comparator.comparing(LinkEntry::username).thenComparing(LinkEntry::url))
                .toList();
    }
}
