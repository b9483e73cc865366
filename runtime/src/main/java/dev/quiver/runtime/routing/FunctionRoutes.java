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
 * @param apiKeySha256      null when anyone may invoke the function ({@code auth: None}); else the SHA-256 digest
 *                          of its API key ({@code auth: ApiKey}), never the key itself; an empty array when the key
 *                          could not be read, so that every request is refused rather than let through
 */
public record FunctionRoutes(String namespace, String function, RoutingTable table,
        Map<String, RevisionSettings> revisions, Set<String> propagatedHeaders, byte[] apiKeySha256) {

    /** Routes of a function that anyone may invoke. */
    public FunctionRoutes(String namespace, String function, RoutingTable table,
            Map<String, RevisionSettings> revisions, Set<String> propagatedHeaders) {
        this(namespace, function, table, revisions, propagatedHeaders, null);
    }

    /** Whether requests need the function's API key. */
    public boolean requiresApiKey() {
        return apiKeySha256 != null;
    }

    /** These routes with another API-key digest (null for none). */
    public FunctionRoutes withApiKeySha256(byte[] digest) {
        return new FunctionRoutes(namespace, function, table, revisions, propagatedHeaders, digest);
    }

    /** Names the function only: the digest is not for logs. */
    @Override
    public String toString() {
        return "FunctionRoutes[" + namespace + "/" + function + ", revisions=" + revisions.keySet()
                + ", apiKey=" + (apiKeySha256 != null) + "]";
    }
}
