package dev.quiver.standin;

import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The mock API server's CRUD dispatcher plus the one read a kubelet serves: {@code pods/<name>/log}, from the
 * pod's log file (the stand-in's own lines left out; {@code tailLines} honoured; {@code follow} answers what is
 * there and ends, it does not stream).
 */
final class ApiDispatcher extends KubernetesCrudDispatcher {

    private static final Pattern LOG_PATH = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/log");
    private volatile BiFunction<String, String, Path> logs;

    ApiDispatcher(List<CustomResourceDefinitionContext> statusSubresources) {
        super(statusSubresources);
    }

    /** Where pod logs are: (namespace, pod) → file. */
    void serveLogsFrom(BiFunction<String, String, Path> logs) {
        this.logs = logs;
    }

    @Override
    public MockResponse handleGet(String path) {
        URI uri = URI.create(path);
        Matcher m = LOG_PATH.matcher(uri.getPath());
        if (!m.matches() || logs == null) {
            return super.handleGet(path);
        }
        Path file = logs.apply(m.group(1), m.group(2));
        if (file == null || !Files.exists(file)) {
            return new MockResponse().setResponseCode(404).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                    + "\"message\":\"pods \\\"" + m.group(2) + "\\\" not found\",\"reason\":\"NotFound\",\"code\":404}");
        }
        try {
            List<String> lines = Files.readAllLines(file).stream().filter(line -> !line.startsWith("[standin ")).toList();
            String tail = query(uri, "tailLines");
            if (tail != null) {
                int keep = Integer.parseInt(tail);
                lines = lines.subList(Math.max(0, lines.size() - keep), lines.size());
            }
            String body = lines.stream().map(line -> line + "\n").collect(Collectors.joining());
            return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody(body);
        } catch (IOException | NumberFormatException e) {
            return new MockResponse().setResponseCode(500).setBody(e.toString());
        }
    }

    private static String query(URI uri, String name) {
        if (uri.getQuery() == null) {
            return null;
        }
        for (String pair : uri.getQuery().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return pair.substring(eq + 1);
            }
        }
        return null;
    }
}
