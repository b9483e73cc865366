package dev.quiver.cli;

import dev.quiver.cli.view.InvocationStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code quiver invoke NAME}: one request to a function through the gateway. */
@Command(name = "invoke", mixinStandardHelpOptions = true,
        description = {"Call a function through the gateway and print the response body.",
                "With --data the request is a POST of that JSON; without, a GET."},
        footer = {"", "Examples:",
                "  quiver invoke hello --data '{\"name\":\"Ada\"}'",
                "  quiver invoke hello --tag stable -v",
                "  quiver invoke payments --namespace quiver-dev",
                "  quiver invoke link-checker --data @request.json --header x-group=test",
                "  quiver invoke link-checker --data @request.json --async --wait"})
public class InvokeCommand implements Callable<Integer> {

    /** The header that names the revision which served a request. */
    static final String REVISION_HEADER = "X-Quiver-Revision";

    @Parameters(index = "0", paramLabel = "NAME", description = "The function.")
    String name;

    @Option(names = {"-d", "--data"}, paramLabel = "JSON|@FILE",
            description = "The request body: JSON text, @FILE to read it from a file, or @- for standard input.")
    String data;

    @Option(names = {"-H", "--header"}, paramLabel = "K=V", description = "A request header. Repeatable.")
    List<String> headers = new ArrayList<>();

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", description = "The function's namespace "
            + "(/fn/NS/NAME); without it, /fn/NAME reaches the gateway's default namespace.")
    String namespace;

    @Option(names = "--tag", paramLabel = "TAG", description = "Reach the revision with this tag (/fn/NAME@TAG).")
    String tag;

    @Option(names = "--path", paramLabel = "PATH", description = "A path below the function (/fn/NAME/PATH).")
    String path;

    @Option(names = {"-X", "--method"}, paramLabel = "METHOD",
            description = "The HTTP method (default: POST with --data, GET without).")
    String method;

    @Option(names = "--url", paramLabel = "GATEWAY", defaultValue = "${env:QUIVER_GATEWAY_URL:-http://localhost:8080}",
            description = "The gateway (default: ${DEFAULT-VALUE}; env QUIVER_GATEWAY_URL).")
    String gatewayUrl;

    @Option(names = {"-v", "--verbose"}, description = "Also print the status and the revision that answered (on stderr).")
    boolean verbose;

    @Option(names = "--async", description = "Ask for an asynchronous call (Prefer: respond-async): the gateway queues "
            + "it and answers at once; print the invocation id and the URL of its status.")
    boolean async;

    @Option(names = "--wait", description = "With --async: poll the status until the call has finished, then print "
            + "the function's response as a plain invoke would.")
    boolean await;

    @Option(names = "--wait-timeout", paramLabel = "DURATION", defaultValue = "5m", converter = DurationOption.class,
            description = "With --wait: give up waiting after this long, e.g. 30s, 2m, 1h30m (default: ${DEFAULT-VALUE}).")
    Duration waitTimeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (await && !async) {
            throw new ParameterException(spec.commandLine(), "--wait needs --async");
        }
        Duration waitFor = waitTimeout();
        URI gateway = Urls.parse("--url", gatewayUrl);
        URI target = target(gateway);
        String body = DataArgument.read(spec.commandLine(), data);
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofMinutes(5));
        for (String header : headers) {
            int eq = header.indexOf('=');
            if (eq <= 0) {
                throw new ParameterException(spec.commandLine(), "--header expects K=V (e.g. x-group=test), got '" + header + "'");
            }
            try {
                request.header(header.substring(0, eq).strip(), header.substring(eq + 1).strip());
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--header '" + header + "': " + e.getMessage());
            }
        }
        if (body != null && headers.stream().noneMatch(h -> h.toLowerCase().startsWith("content-type="))) {
            request.header("Content-Type", "application/json");
        }
        if (async) {
            request.header(AsyncInvocation.PREFER, AsyncInvocation.RESPOND_ASYNC);
        }
        String verb = method != null ? method.toUpperCase() : body != null ? "POST" : "GET";
        request.method(verb, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpResponse<String> response = send(http, gateway, request.build());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (async && response.statusCode() == 202) {
            return queued(new AsyncInvocation(gateway, http), response, waitFor, out, err);
        }
        if (async && response.statusCode() / 100 == 2) {
            err.println("Note: the gateway answered at once (HTTP " + response.statusCode()
                    + "): it ran the call synchronously");
            err.flush();
        }
        if (verbose) {
            err.println("HTTP " + response.statusCode() + "  " + REVISION_HEADER + ": "
                    + response.headers().firstValue(REVISION_HEADER).orElse("(none)"));
            err.flush();
        }
        String text = response.body();
        out.print(text.isEmpty() || text.endsWith("\n") ? text : text + "\n");
        out.flush();
        if (response.statusCode() / 100 != 2) {
            if (!verbose) {
                err.println("Error: " + name + " answered " + response.statusCode());
                err.flush();
            }
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }

    private int queued(AsyncInvocation invocations, HttpResponse<String> response, Duration waitFor, PrintWriter out,
            PrintWriter err) {
        AsyncInvocation.Accepted accepted = invocations.accepted(response);
        if (!await) {
            out.println("id: " + accepted.id());
            out.println("location: " + accepted.location());
            out.flush();
            return ExitCodes.OK;
        }
        InvocationStatus done = invocations.await(accepted, waitFor, err, verbose);
        if (done.response() != null) {
            String text = done.response().text();
            out.print(text.isEmpty() || text.endsWith("\n") ? text : text + "\n");
            out.flush();
        }
        if (done.succeeded()) {
            return ExitCodes.OK;
        }
        err.println("Error: invocation " + accepted.id() + " of " + name + " " + done.status()
                + (done.attempts() == null ? "" : " after " + done.attempts() + " attempt(s)")
                + (done.response() == null || done.response().status() == null ? "" : ", last answer HTTP " + done.response().status())
                + (done.error() == null ? "" : ": " + done.error()));
        err.flush();
        return ExitCodes.FAILED;
    }

    private Duration waitTimeout() {
        if (waitTimeout.isZero()) {
            throw new ParameterException(spec.commandLine(), "--wait-timeout must be longer than 0");
        }
        return waitTimeout;
    }

    /** The function's URL on the gateway: {@code /fn/[NS/]NAME[@TAG][/PATH]}. */
    URI target(URI gateway) {
        String base = gateway.toString().replaceAll("/+$", "");
        StringBuilder url = new StringBuilder(base).append("/fn/");
        if (namespace != null && !namespace.isBlank()) {
            url.append(encode(namespace.strip())).append('/');
        }
        url.append(encode(name));
        if (tag != null) {
            url.append('@').append(encode(tag));
        }
        if (path != null && !path.isBlank()) {
            url.append('/').append(path.replaceAll("^/+", ""));
        }
        try {
            return URI.create(url.toString());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--path '" + path + "' is not a valid URL path: " + e.getMessage());
        }
    }

    private static HttpResponse<String> send(HttpClient http, URI gateway, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new CliException(ExitCodes.NOT_RUNNING,
                    "no Quiver gateway at " + gateway + ": start one with ./quiver dev (or pass --url)");
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "the call to " + request.uri() + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILED, "interrupted");
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
