package dev.quiver.runtime.routing;

import dev.quiver.api.traffic.RoutingTable;
import java.util.Map;
import java.util.Set;

/**
 * Everything the gateway needs to route requests for one function: an immutable snapshot, replaced as a
 * whole when the function's traffic or revisions change.
 *
 * @param namespace         the function's namespace
 * @param function          the function's name
 * @param table             the resolved traffic (header rules, tags, weighted split)
 * @param revisions         settings of every revision the table can choose, by revision name
 * @param propagatedHeaders header names (lower case) that the table matches on; the gateway forwards them and
 *                          functions pass them on to the functions they call, so a chain follows one route
 */
public record FunctionRoutes(String namespace, String function, RoutingTable table,
        Map<String, RevisionSettings> revisions, Set<String> propagatedHeaders) {
}
