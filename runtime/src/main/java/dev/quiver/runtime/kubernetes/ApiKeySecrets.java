package dev.quiver.runtime.kubernetes;

import dev.quiver.api.Function;
import dev.quiver.api.HttpAuth;
import dev.quiver.api.HttpTrigger;
import dev.quiver.runtime.auth.ApiKeyCheck;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jboss.logging.Logger;

/**
 * Reads the API key of a Function with {@code triggers.http.auth: ApiKey} from the Secret it names and keeps only
 * its SHA-256 digest. Called when a function's routes are rebuilt and every half minute (keys get rotated), never
 * on the request path. The runtime may read Secrets only in namespaces set up for functions (a RoleBinding per
 * environment), so a key it cannot read refuses every request and the log says which Secret, never its data.
 */
final class ApiKeySecrets {

    private static final Logger LOG = Logger.getLogger(ApiKeySecrets.class);
    private static final byte[] REFUSE_ALL = new byte[0];

    private final KubernetesClient client;

    ApiKeySecrets(KubernetesClient client) {
        this.client = client;
    }

    /** The digest the gateway expects for this function: null without ApiKey auth, empty when unreadable. */
    byte[] digestFor(Function function) {
        HttpTrigger http = function.getSpec().triggersOrDefault().httpOrDefault();
        if (http.authOrDefault() != HttpAuth.ApiKey) {
            return null;
        }
        String namespace = function.getMetadata().getNamespace();
        String where = http.apiKeySecret == null ? "(no apiKeySecret)"
                : namespace + "/" + http.apiKeySecret.getName() + " key " + http.apiKeySecret.getKey();
        if (http.apiKeySecret == null) {
            return refuse(function, where, "the Function names no apiKeySecret");
        }
        try {
            Secret secret = client.secrets().inNamespace(namespace).withName(http.apiKeySecret.getName()).get();
            String encoded = secret == null || secret.getData() == null ? null
                    : secret.getData().get(http.apiKeySecret.getKey());
            if (encoded == null) {
                return refuse(function, where, "the Secret or its key does not exist");
            }
            String key = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8).trim();
            return key.isEmpty() ? refuse(function, where, "the key is empty") : ApiKeyCheck.digest(key);
        } catch (KubernetesClientException | IllegalArgumentException e) {
            return refuse(function, where, "it cannot be read (" + e.getClass().getSimpleName() + ", HTTP "
                    + (e instanceof KubernetesClientException k ? k.getCode() : 0) + ")");
        }
    }

    private static byte[] refuse(Function function, String where, String why) {
        LOG.errorf("%s/%s: auth is ApiKey but %s: %s; every request is refused until it is fixed",
                function.getMetadata().getNamespace(), function.getMetadata().getName(), where, why);
        return REFUSE_ALL;
    }
}
