package dev.quiver.runtime.local;

import dev.quiver.api.HttpAuth;
import dev.quiver.api.HttpTrigger;
import dev.quiver.runtime.auth.ApiKeyCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * The API keys of local functions: locally, the key of a function with {@code auth: ApiKey} is the value of the
 * template's env variable named by {@code apiKeySecret.key}, or else the content of {@link #FILE} in its folder.
 */
final class LocalApiKeys {

    /** The file in a function's folder that holds its key. */
    static final String FILE = ".apikey";

    private static final Logger LOG = Logger.getLogger(LocalApiKeys.class);

    private LocalApiKeys() {
    }

    /** The digest of the function's API key; null without {@code auth: ApiKey}, empty (refuse all) when unset. */
    static byte[] sha256(LocalFunction function) {
        HttpTrigger http = function.resource.getSpec().triggersOrDefault().httpOrDefault();
        if (http.authOrDefault() != HttpAuth.ApiKey) {
            return null;
        }
        String variable = http.apiKeySecret == null ? null : http.apiKeySecret.getKey();
        String key = function.resource.getSpec().templateOrDefault().env.stream()
                .filter(env -> env.getName().equals(variable) && env.getValue() != null)
                .map(env -> env.getValue().trim()).findFirst().orElse(null);
        Path file = function.folder.resolve(FILE);
        if ((key == null || key.isEmpty()) && Files.isRegularFile(file)) {
            try {
                key = Files.readString(file).trim();
            } catch (IOException e) {
                LOG.errorf("%s: cannot read %s: %s", function.name(), file, e.getMessage());
            }
        }
        if (key == null || key.isEmpty()) {
            // the key itself is never logged, only where it was looked for
            LOG.errorf("%s: auth is ApiKey but no key is set (env variable '%s' in the template, or the file %s): "
                    + "every request is refused", function.name(), variable, file);
            return new byte[0];
        }
        return ApiKeyCheck.digest(key);
    }

    /** Changes of the key file make the routes be published again (hidden files are not part of the source). */
    static String fileStamp(Path folder) {
        Path file = folder.resolve(FILE);
        try {
            return Files.isRegularFile(file) ? ":" + Files.getLastModifiedTime(file).toMillis() + "/" + Files.size(file) : "";
        } catch (IOException e) {
            return ":unreadable";
        }
    }
}
