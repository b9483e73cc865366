package dev.quiver.runtime.kubernetes;

import dev.quiver.api.Function;
import dev.quiver.api.HttpAuth;
import dev.quiver.api.HttpTrigger;
import dev.quiver.runtime.auth.ApiKeyCheck;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Reads the API key of a Function with {@code triggers.http.auth: ApiKey} from the Secret it names and keeps only
 * its SHA-256 digest. Called when a function's routes are rebuilt and every half minute (keys get rotated), never
 * on the request path. The runtime may read Secrets only in namespaces set up for functions (a RoleBinding per
 * environment).
 *
 * <p>What the answer means for requests: a Secret or key that does not exist (404), is empty, or that the runtime
 * may not read (401/403) refuses every request. A failed read (API server down, 5xx, 429, timeout) says nothing
 * about the key, so the last key read for that Secret is kept and served, and the read is retried soon with a
 * backoff ({@link #due()}) instead of waiting for the next half-minute refresh. A function whose key was never read
 * gets {@link ApiKeyCheck#unavailable()}: callers get 503 and retry, not 401/403. The log says which Secret, never
 * its data.
 */
final class ApiKeySecrets {

    private static final Logger LOG = Logger.getLogger(ApiKeySecrets.class);
    private static final byte[] REFUSE_ALL = new byte[0];
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration LAST_RETRY = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final LongSupplier nanoTime;
    /** The last digest read for a function, with the Secret and key it came from. */
    private final Map<String, Known> known = new ConcurrentHashMap<>();
    /** Functions whose last read failed, with when to read again. */
    private final Map<String, Retry> retries = new ConcurrentHashMap<>();

    ApiKeySecrets(KubernetesClient client) {
        this(client, System::nanoTime);
    }

    ApiKeySecrets(KubernetesClient client, LongSupplier nanoTime) {
        this.client = client;
        this.nanoTime = nanoTime;
    }

    private record Known(String where, byte[] digest) {
    }

    private record Retry(int failures, long dueNanos) {
    }

    /**
     * The digest the gateway expects for this function: null without ApiKey auth, empty when the key is absent or
     * may not be read, the last known digest or {@link ApiKeyCheck#unavailable()} while the API server fails.
     */
    byte[] digestFor(Function function) {
        String id = function.getMetadata().getNamespace() + "/" + function.getMetadata().getName();
        HttpTrigger http = function.getSpec().triggersOrDefault().httpOrDefault();
        if (http.authOrDefault() != HttpAuth.ApiKey) {
            forget(id);
            return null;
        }
        if (http.apiKeySecret == null) {
            return refuse(id, "(no apiKeySecret)", "the Function names no apiKeySecret");
        }
        String where = function.getMetadata().getNamespace() + "/" + http.apiKeySecret.getName() + " key "
                + http.apiKeySecret.getKey();
        Secret secret;
        try {
            secret = client.secrets().inNamespace(function.getMetadata().getNamespace())
                    .withName(http.apiKeySecret.getName()).get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 401 || e.getCode() == 403) {
                return refuse(id, where, "the runtime may not read it (HTTP " + e.getCode()
                        + "; is the namespace an environment with RoleBinding quiver-runtime-secrets?)");
            }
            return readFailed(id, where, "HTTP " + e.getCode() + ", " + e.getClass().getSimpleName());
        }
        String encoded = secret == null || secret.getData() == null ? null : secret.getData().get(http.apiKeySecret.getKey());
        if (encoded == null) {
            return refuse(id, where, "the Secret or its key does not exist");
        }
        String key;
        try {
            key = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8).trim();
        } catch (IllegalArgumentException e) {
            return refuse(id, where, "its value is not base64");
        }
        if (key.isEmpty()) {
            return refuse(id, where, "the key is empty");
        }
        byte[] digest = ApiKeyCheck.digest(key);
        known.put(id, new Known(where, digest));
        if (retries.remove(id) != null) {
            LOG.infof("%s: API key %s read again; requests are checked against it", id, where);
        }
        return digest;
    }

    /** The functions (namespace/name) whose last read failed and is due again: read them now. */
    List<String> due() {
        long now = nanoTime.getAsLong();
        return retries.entrySet().stream().filter(e -> now - e.getValue().dueNanos() >= 0).map(Map.Entry::getKey).toList();
    }

    /** Drops what is kept of a function that is gone or no longer needs a key. */
    void forget(String id) {
        known.remove(id);
        retries.remove(id);
    }

    private byte[] readFailed(String id, String where, String why) {
        Retry previous = retries.get(id);
        int failures = previous == null ? 1 : previous.failures() + 1;
        long delay = Math.min(LAST_RETRY.toNanos(), FIRST_RETRY.toNanos() << Math.min(failures - 1, 10));
        retries.put(id, new Retry(failures, nanoTime.getAsLong() + delay));
        Known last = known.get(id);
        if (last != null && last.where().equals(where)) {
            if (previous == null) {
                LOG.warnf("%s: API key %s cannot be read (%s); the key read before is kept, read again in %d ms",
                        id, where, why, Duration.ofNanos(delay).toMillis());
            }
            return last.digest();
        }
        if (previous == null) {
            LOG.errorf("%s: API key %s cannot be read (%s) and was never read; requests get 503 until it is, read "
                    + "again in %d ms", id, where, why, Duration.ofNanos(delay).toMillis());
        }
        return ApiKeyCheck.unavailable();
    }

    private byte[] refuse(String id, String where, String why) {
        known.remove(id);
        retries.remove(id);
        LOG.errorf("%s: auth is ApiKey but %s: %s; every request is refused until it is fixed", id, where, why);
        return REFUSE_ALL;
    }
}
