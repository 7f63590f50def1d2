package io.certlife.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A page that cannot be shown says why, with its status: 404 for what does not exist, 400 for a malformed request, 503
 * naming the service that did not answer. Never a stack trace.
 */
public class ErrorPages {

    /** A service whose answer the whole page depends on did not give it. */
    public static class ServiceUnavailable extends RuntimeException {
        public ServiceUnavailable(String message) {
            super(message);
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance error(int status, String message);
    }

    @ServerExceptionMapper
    public Response refused(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status < 400 || status >= 500) {
            return e.getResponse();
        }
        return Response.status(status).type(MediaType.TEXT_HTML).entity(Templates.error(status, e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response unavailable(ServiceUnavailable e) {
        return Response.status(503).type(MediaType.TEXT_HTML).entity(Templates.error(503, e.getMessage())).build();
    }
}
