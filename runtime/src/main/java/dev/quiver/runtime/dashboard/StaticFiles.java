package dev.quiver.runtime.dashboard;

import dev.quiver.runtime.local.AdminJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The UI's files from a classpath folder ({@code dashboard/}): {@code /} is its index.html, {@code /app.js} its
 * app.js. Only plain names are looked up (letters, digits, {@code . _ -} and {@code /} between them, no dot
 * segment, a file extension), so {@code ..} and encoded tricks never leave the folder, and no folder is listed
 * (a classpath folder read from disk would be). Files are read
 * once and kept: they are small and only change with the runtime's jar.
 */
final class StaticFiles {

    /** Folders, then a file name with an extension: a folder itself (no extension) is never looked up. */
    private static final Pattern SAFE = Pattern.compile("(?:[A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9_-]*"
            + "(?:\\.[A-Za-z0-9_-]+)+");
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"), Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"), Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"), Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"), Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("map", "application/json"), Map.entry("woff2", "font/woff2"));

    private final String folder;
    private final ClassLoader loader;
    /** Files found, by name; misses are not kept, so that requests for made-up names cannot grow it. */
    private final Map<String, Buffer> cache = new ConcurrentHashMap<>();

    /** Files under the classpath folder (e.g. {@code dashboard}), read through the loader. */
    StaticFiles(String folder, ClassLoader loader) {
        this.folder = folder;
        this.loader = loader;
    }

    /** Serves a GET or HEAD of a file; 404 JSON for anything else under that path. */
    void serve(RoutingContext ctx) {
        String path = ctx.request().path();
        String name = path.equals("/") ? "index.html" : path.substring(1);
        Optional<Buffer> file = SAFE.matcher(name).matches() && !name.contains("..") ? find(name) : Optional.empty();
        if (file.isEmpty()) {
            String message = name.equals("index.html")
                    ? "this runtime was built without the dashboard UI (classpath " + folder + "/index.html); the "
                    + "API is at /api/v1"
                    : "no file " + path + " in the dashboard";
            DashboardReplies.json(ctx, 404, AdminJson.error("NotFound", message, null));
            return;
        }
        ctx.response().putHeader("Content-Type", type(name)).putHeader("Cache-Control", "no-cache");
        if (ctx.request().method() == HttpMethod.HEAD) {
            ctx.response().putHeader("Content-Length", Integer.toString(file.get().length())).end();
        } else {
            ctx.response().end(file.get());
        }
    }

    private Optional<Buffer> find(String name) {
        Buffer known = cache.get(name);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Buffer> read = read(name);
        read.ifPresent(buffer -> cache.put(name, buffer));
        return read;
    }

    private Optional<Buffer> read(String name) {
        URL url = loader.getResource(folder + "/" + name);
        if (url == null || isFolder(url)) {
            return Optional.empty();
        }
        try (InputStream in = url.openStream()) {
            return Optional.of(Buffer.buffer(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder + "/" + name + " from the classpath", e);
        }
    }

    private static boolean isFolder(URL url) {
        try {
            return "file".equals(url.getProtocol()) && !Files.isRegularFile(Path.of(url.toURI()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return true;
        }
    }

    private static String type(String name) {
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(extension, "application/octet-stream");
    }
}
