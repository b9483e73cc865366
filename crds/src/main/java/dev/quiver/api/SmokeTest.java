package dev.quiver.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** Requests sent to a new revision by its tag before it receives any user traffic; all must meet their expectation. */
public class SmokeTest extends ApiValue {

    /** Most requests in one smoke test. */
    public static final int MAX_REQUESTS = 10;

    /** The requests, sent in order. */
    @JsonPropertyDescription("Requests sent in order to the new revision by its tag, before any user traffic. The "
            + "first that misses its expectation fails the smoke test and the new revision keeps 0 %.")
    @Size(max = MAX_REQUESTS)
    public List<SmokeRequest> requests = new ArrayList<>();
}
