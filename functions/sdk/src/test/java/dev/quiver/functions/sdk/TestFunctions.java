package dev.quiver.functions.sdk;

import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/** Functions that exercise the SDK from inside a real Funqy app. */
public class TestFunctions {

    /**
     * A typed input, so that wrong JSON shapes can be rejected.
     *
     * @param item what is ordered
     * @param quantity how many
     */
    public record Order(String item, int quantity) {
    }

    @Inject
    QuiverClient client;

    /** Answers the order it got. */
    @Funq
    public Order order(Order order) {
        return order;
    }

    /** Rejects every order as the caller's mistake. */
    @Funq
    public String reject(Order order) {
        throw QuiverException.badRequest("quantity must be positive, got " + order.quantity());
    }

    /** Fails the way a bug or a broken dependency does. */
    @Funq
    public String boom(Order order) {
        throw new IllegalStateException("the stock service is down");
    }

    /** Calls another function through the gateway and returns the routing headers the gateway saw. */
    @Funq
    public Map<String, List<String>> relay(Order order) throws Exception {
        client.post("downstream", "{}");
        return FakeGateway.lastHeaders();
    }

    /** What the client propagates when called outside of any request: nothing. */
    @Funq
    public Map<String, List<String>> propagated() {
        return client.propagatedHeaders();
    }
}
