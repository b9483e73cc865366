package dev.quiver.runtime.routing;

/**
 * How many requests one gateway replica may keep in flight to each replica of a revision when several gateway
 * replicas share it, so that together they keep {@code containerConcurrency} (cc) per function replica, the way
 * Knative's activators split capacity.
 *
 * <p>Rule: with E ready endpoints (sorted alike on every replica) and R live gateway replicas (sorted by name), the
 * revision has cc × E request slots, slot u being slot {@code u mod cc} of endpoint {@code u / cc}. Slot u belongs
 * to gateway replica {@code u mod R}. So replica k's share is {@code floor(cc × E / R)} or one more, spread over the
 * endpoints, and on every endpoint the R replicas' limits add up to exactly cc. A replica whose share would be 0
 * (cc × E &lt; R) still gets 1, on endpoint {@code k mod E}, so that every replica can serve: {@code max(1, share)};
 * only then may a function replica see more than cc at once. A single gateway replica gets cc per endpoint. Pure.
 */
public final class ConcurrencyShare {

    private ConcurrencyShare() {
    }

    /**
     * The limits of one gateway replica, per endpoint.
     *
     * @param containerConcurrency the revision's cc, at least 1 (0, no limit, is not shared)
     * @param endpoints            ready endpoints, in the order every replica sorts them
     * @param replicas             live gateway replicas, at least 1
     * @param index                this replica's place among them, 0 to {@code replicas - 1}
     * @return the most requests in flight to each endpoint, by the endpoint's place in the sorted order
     */
    public static int[] perEndpoint(int containerConcurrency, int endpoints, int replicas, int index) {
        int r = Math.max(1, replicas);
        int k = Math.floorMod(index, r);
        int[] limits = new int[endpoints];
        int total = 0;
        for (int j = 0; j < endpoints; j++) {
            long from = (long) j * containerConcurrency;
            limits[j] = (int) (slotsBelow(from + containerConcurrency, k, r) - slotsBelow(from, k, r));
            total += limits[j];
        }
        if (total == 0 && endpoints > 0) {
            limits[k % endpoints] = 1;
        }
        return limits;
    }

    /** How many of the slots 0 to n-1 belong to replica k of r. */
    private static long slotsBelow(long n, int k, int r) {
        return n > k ? (n - k - 1) / r + 1 : 0;
    }
}
