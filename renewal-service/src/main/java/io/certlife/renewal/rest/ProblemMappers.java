package io.certlife.renewal.rest;

import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import io.certlife.renewal.RefusedException;
import io.certlife.renewal.keys.KeyVaultException;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps refused requests and unreadable bodies to RFC 9457 problems that name the problem. */
public class ProblemMappers {

    /** An RFC 9457 problem body. */
    public record Problem(String type, String title, int status, String detail) {
    }

    @ServerExceptionMapper
    public Response refused(RefusedException e) {
        return Response.status(e.status()).type("application/problem+json")
                .entity(new Problem("urn:certlife:problem:refused", title(e.status()), e.status(), e.getMessage())).build();
    }

    private static String title(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known != null ? known.getReasonPhrase() : status == 422 ? "Unprocessable Content" : "Error";
    }

    /** Key operations refused because a KEK is missing: the operator's configuration, not the request, must change. */
    @ServerExceptionMapper
    public Response keyVault(KeyVaultException e) {
        return refused(new RefusedException(503, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unreadable(InvalidFormatException e) {
        String field = e.getPath().isEmpty() ? "body" : e.getPath().get(e.getPath().size() - 1).getFieldName();
        String allowed = e.getTargetType() != null && e.getTargetType().isEnum()
                ? " (one of " + Arrays.toString(e.getTargetType().getEnumConstants()) + ")" : "";
        return refused(new RefusedException(400, "'" + e.getValue() + "' is not a valid " + field + allowed));
    }
}
