package org.acme;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

@Path("/greet")
@Produces(MediaType.APPLICATION_JSON)
public class GreetingResource {

    @GET
    public Map<String, String> get(@QueryParam("name") String name) {
        return greet(name);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, String> post(Map<String, String> body) {
        return greet(body == null ? null : body.get("name"));
    }

    private static Map<String, String> greet(String name) {
        return Map.of("message", "Hello, " + (name == null ? "stranger" : name) + "!");
    }
}
