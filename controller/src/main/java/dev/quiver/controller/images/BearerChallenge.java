package dev.quiver.controller.images;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A registry's {@code WWW-Authenticate: Bearer realm="...",service="...",scope="..."} challenge (the Docker
 * token protocol that Docker Hub, GHCR, Quay, ECR Public and Harbor use for anonymous pulls too), and the URL of
 * the token that answers it.
 *
 * @param realm   the token service's URL
 * @param service the service parameter, or null
 * @param scope   the scope parameter, or null
 */
public record BearerChallenge(String realm, String service, String scope) {

    /** The challenge in a {@code WWW-Authenticate} value; empty when it is no Bearer challenge with a realm. */
    public static Optional<BearerChallenge> parse(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        String rest = header.substring(7);
        int i = 0;
        while (i < rest.length()) {
            int eq = rest.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String name = rest.substring(i, eq).trim().replaceFirst("^,\\s*", "").toLowerCase(Locale.ROOT);
            String value;
            if (eq + 1 < rest.length() && rest.charAt(eq + 1) == '"') {
                int end = rest.indexOf('"', eq + 2);
                if (end < 0) {
                    break;
                }
                value = rest.substring(eq + 2, end);
                i = end + 1;
            } else {
                int end = rest.indexOf(',', eq + 1);
                value = rest.substring(eq + 1, end < 0 ? rest.length() : end).trim();
                i = end < 0 ? rest.length() : end;
            }
            params.put(name, value);
            while (i < rest.length() && (rest.charAt(i) == ',' || rest.charAt(i) == ' ')) {
                i++;
            }
        }
        String realm = params.get("realm");
        if (realm == null || !(realm.startsWith("https://") || realm.startsWith("http://"))) {
            return Optional.empty();
        }
        return Optional.of(new BearerChallenge(realm, params.get("service"), params.get("scope")));
    }

    /** The token URL for pulling {@code repository}: the challenge's scope, or the pull scope of that repository. */
    public URI tokenUri(String repository) {
        StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?');
        if (service != null) {
            url.append("service=").append(encode(service)).append('&');
        }
        url.append("scope=").append(encode(scope != null ? scope : "repository:" + repository + ":pull"));
        return URI.create(url.toString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
