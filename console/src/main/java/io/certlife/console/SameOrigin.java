package io.certlife.console;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.net.URI;

/**
 * Actions (every request but GET and HEAD) are taken only from the console's own pages: a browser names the page's
 * origin in {@code Origin}, and one that is not this console's host is refused with 403. The session cookie is
 * {@code SameSite=Strict} as well, so another site's form never carries it.
 */
@Provider
public class SameOrigin implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        String method = request.getMethod();
        String origin = request.getHeaderString("Origin");
        if (method.equals("GET") || method.equals("HEAD") || origin == null) {
            return;
        }
        String host = request.getHeaderString("Host");
        String originHost;
        try {
            URI uri = URI.create(origin);
            originHost = uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException e) {
            originHost = null;
        }
        if (host == null || !host.equalsIgnoreCase(originHost)) {
            request.abortWith(Response.status(403).type("text/plain")
                    .entity("refused: this action comes from another site (" + origin + "), not from the console").build());
        }
    }
}
