package io.certlife.inventory.rest;

import io.certlife.inventory.estate.EstateException;
import io.certlife.inventory.pki.CertificateParseException;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps the user's mistakes to 4xx problems that name them. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response unreadableCertificate(CertificateParseException e) {
        return Problem.response(Response.Status.BAD_REQUEST, "unreadable-certificate", e.getMessage());
    }

    @ServerExceptionMapper
    public Response estate(EstateException e) {
        return switch (e.kind()) {
            case INVALID -> Problem.response(Response.Status.BAD_REQUEST, "invalid-estate", e.getMessage());
            case NOT_FOUND -> Problem.response(Response.Status.NOT_FOUND, "not-found", e.getMessage());
            case CONFLICT -> Problem.response(Response.Status.CONFLICT, "conflict", e.getMessage());
        };
    }

    @ServerExceptionMapper
    public Response badRequest(BadRequestException e) {
        return Problem.response(Response.Status.BAD_REQUEST, "bad-request", e.getMessage());
    }

    /** Other refusals (404 for an unknown id, 409 for a replaced certificate) get a problem body with their message. */
    @ServerExceptionMapper
    public Response clientError(ClientErrorException e) {
        Response.Status status = Response.Status.fromStatusCode(e.getResponse().getStatus());
        return status == null ? e.getResponse() : Problem.response(status, "refused", e.getMessage());
    }
}
