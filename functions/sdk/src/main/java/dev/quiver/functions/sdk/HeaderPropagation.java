package dev.quiver.functions.sdk;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Decides which headers of the request a function is serving travel on to the calls it makes, so that a chain
 * of calls follows the same route: the revision context {@value #REVISION_HEADER} and every header the runtime
 * names in {@code QUIVER_PROPAGATE_HEADERS} (the headers its traffic rules match on, such as {@code x-group}).
 * Pure: header names compare case-insensitively, as HTTP says.
 */
public final class HeaderPropagation {

    /** The header the gateway names the serving revision with. */
    public static final String REVISION_HEADER = "X-Quiver-Revision";

    private final Set<String> names;

    private HeaderPropagation(Set<String> names) {
        this.names = names;
    }

    /**
     * @param configured the header names from {@code QUIVER_PROPAGATE_HEADERS}; blanks are ignored
     */
    public static HeaderPropagation of(Collection<String> configured) {
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        names.add(REVISION_HEADER);
        for (String name : configured) {
            if (name != null && !name.isBlank()) {
                names.add(name.trim());
            }
        }
        return new HeaderPropagation(names);
    }

    /** Parses the comma-separated value of {@code QUIVER_PROPAGATE_HEADERS}; null means none. */
    public static HeaderPropagation parse(String commaSeparated) {
        return of(commaSeparated == null ? List.of() : List.of(commaSeparated.split(",")));
    }

    /** The header names that travel on, lower-cased. */
    public Set<String> names() {
        Set<String> lower = new TreeSet<>();
        names.forEach(name -> lower.add(name.toLowerCase(Locale.ROOT)));
        return lower;
    }

    /**
     * The headers to put on an outbound call.
     *
     * @param inbound all values of an inbound header by its name (any case); returns an empty list when absent
     * @return lower-cased header name to its values, only for headers that were present
     */
    public Map<String, List<String>> outbound(Function<String, List<String>> inbound) {
        Map<String, List<String>> outbound = new LinkedHashMap<>();
        for (String name : names()) {
            List<String> values = inbound.apply(name);
            if (values != null && !values.isEmpty()) {
                outbound.put(name, new ArrayList<>(values));
            }
        }
        return outbound;
    }
}
