package io.certlife.inventory.rest;

import io.certlife.inventory.pki.CertificateParseException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps the user's mistakes to 4xx problems that name them. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response unreadableCertificate(CertificateParseException e) {
        return Problem.response(Response.Status.BAD_REQUEST, "unreadable-certificate", e.getMessage());
    }
}
