package io.certlife.renewal.rest;

import io.certlife.renewal.Refusal;
import jakarta.ws.rs.core.Response;
import java.util.Locale;

/**
 * An RFC 9457 problem body: what went wrong, in words a user can act on. The same shape in every certlife service;
 * {@code type} is {@code urn:certlife:problem:} and the refusal's kind (or a narrower name such as
 * {@code unreadable-certificate}).
 */
public record Problem(String type, String title, int status, String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";

    static Response of(Refusal refusal) {
        return response(status(refusal.kind()), refusal.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                refusal.getMessage());
    }

    static Response response(int status, String type, String detail) {
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : status == 422 ? "Unprocessable Content" : "Error";
        return Response.status(status).type(MEDIA_TYPE)
                .entity(new Problem("urn:certlife:problem:" + type, title, status, detail)).build();
    }

    private static int status(Refusal.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case TOO_LARGE -> 413;
            case UNPROCESSABLE -> 422;
            case UPSTREAM_FAILED -> 502;
            case UNAVAILABLE -> 503;
        };
    }
}
