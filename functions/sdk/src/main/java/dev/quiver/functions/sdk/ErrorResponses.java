package dev.quiver.functions.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.funqy.runtime.ApplicationException;
import io.quarkus.funqy.runtime.FunctionInvoker;
import io.quarkus.funqy.runtime.FunctionRecorder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Turns every failed request into the JSON body {@code {error, message, function, revision}} with the right
 * status. Funqy answers bad input with an empty 400 and logs the reason; this handler finds the reason again
 * and tells the caller, answers a {@link QuiverException} with its status, and any other exception with a 500.
 */
@ApplicationScoped
public class ErrorResponses {

    private static final Logger LOG = Logger.getLogger(ErrorResponses.class);

    private final FunctionIdentity identity;
    private final ObjectMapper json;

    ErrorResponses(FunctionIdentity identity, ObjectMapper json) {
        this.identity = identity;
        this.json = json;
    }

    void register(@Observes Router router) {
        // First among failure handlers, so Quarkus' default (HTML or an empty body) never answers.
        router.route().order(Integer.MIN_VALUE).failureHandler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            ctx.response().close(); // too late for a body: the status already went out
            return;
        }
        ErrorBody body = describe(ctx);
        ctx.response().setStatusCode(body.status())
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject(body.fields()).encode());
    }

    private ErrorBody describe(RoutingContext ctx) {
        Throwable failure = unwrap(ctx.failure());
        if (failure instanceof QuiverException e) {
            return identity.error(e.status(), e.error(), e.getMessage());
        }
        if (failure instanceof HttpException e) {
            return byStatus(ctx, e.getStatusCode(), e.getPayload());
        }
        if (failure != null) {
            LOG.errorf(failure, "function failed on %s %s", ctx.request().method(), ctx.normalizedPath());
            String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
            return identity.error(500, "InternalError", message);
        }
        return byStatus(ctx, ctx.statusCode() < 400 ? 500 : ctx.statusCode(), null);
    }

    private ErrorBody byStatus(RoutingContext ctx, int status, String detail) {
        String message = switch (status) {
            case 400 -> badInput(ctx);
            case 404 -> "no function at " + ctx.normalizedPath() + "; this app serves " + functionNames();
            case 405 -> "a function takes GET (input as query parameters) or POST (input as a JSON body), not "
                    + ctx.request().method();
            case 413 -> "the request body is larger than this function accepts";
            default -> detail != null ? detail : HttpResponseStatus.valueOf(status).reasonPhrase();
        };
        return identity.error(status, errorName(status), message);
    }

    /** {@code Bad Request} → {@code BadRequest}. */
    static String errorName(int status) {
        return HttpResponseStatus.valueOf(status).reasonPhrase().replace(" ", "").replace("-", "");
    }

    /** Funqy does not say why the input was rejected, so read it again to find out. */
    private String badInput(RoutingContext ctx) {
        String function = ctx.normalizedPath().substring(1);
        if (ctx.request().method() == HttpMethod.GET) {
            return "the query parameters do not match the input of function '" + function + "'";
        }
        Buffer body = ctx.body() == null ? null : ctx.body().buffer();
        if (body == null || body.length() == 0) {
            return "the request body is empty";
        }
        try {
            json.readTree(body.getBytes());
        } catch (JsonProcessingException e) {
            return "the request body is not valid JSON: " + e.getOriginalMessage() + location(e);
        } catch (IOException e) {
            return "the request body could not be read: " + e.getMessage();
        }
        String reason = inputMismatch(function, body);
        return "the request body does not match the input of function '" + function + "'"
                + (reason == null ? "" : ": " + reason);
    }

    private static String inputMismatch(String function, Buffer body) {
        FunctionInvoker invoker = FunctionRecorder.registry == null ? null : FunctionRecorder.registry.matchInvoker(function);
        Object reader = invoker == null ? null : invoker.getBindingContext().get(ObjectReader.class.getName());
        if (!(reader instanceof ObjectReader objectReader)) {
            return null;
        }
        try {
            objectReader.readValue(body.getBytes());
            return null;
        } catch (JsonMappingException e) {
            String path = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            return (path.isEmpty() ? "" : "field '" + path + "': ") + e.getOriginalMessage();
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private static String functionNames() {
        if (FunctionRecorder.registry == null) {
            return "no functions";
        }
        return FunctionRecorder.registry.invokers().stream().map(i -> "/" + i.getName()).sorted()
                .collect(Collectors.joining(", "));
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof ApplicationException || current instanceof InvocationTargetException
                || current instanceof CompletionException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
