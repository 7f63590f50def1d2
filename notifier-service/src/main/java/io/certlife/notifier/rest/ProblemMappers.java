package io.certlife.notifier.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import io.certlife.notifier.service.RefusedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps refused requests and unreadable bodies to RFC 9457 problems that name the problem. */
public class ProblemMappers {

    /** An RFC 9457 problem body. */
    public record Problem(String type, String title, int status, String detail) {
    }

    @ServerExceptionMapper
    public Response refused(RefusedException e) {
        Response.Status known = Response.Status.fromStatusCode(e.status());
        return Response.status(e.status()).type("application/problem+json")
                .entity(new Problem("urn:certlife:problem:refused", known == null ? "Error" : known.getReasonPhrase(), e.status(),
                        e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response unreadable(InvalidFormatException e) {
        String field = e.getPath().isEmpty() ? "body" : e.getPath().get(e.getPath().size() - 1).getFieldName();
        return refused(new RefusedException(400, "'" + e.getValue() + "' is not a valid " + field));
    }

    @ServerExceptionMapper
    public Response malformed(JsonProcessingException e) {
        return refused(new RefusedException(400, "the body is not valid JSON: " + e.getOriginalMessage()));
    }

    /** Quarkus REST reports an unreadable body as a bare 400; say what was wrong with it. Other statuses pass unchanged. */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (e.getResponse().getStatus() != 400) {
            return e.getResponse();
        }
        return e.getCause() instanceof JsonProcessingException json ? malformed(json)
                : refused(new RefusedException(400, e.getMessage()));
    }
}
