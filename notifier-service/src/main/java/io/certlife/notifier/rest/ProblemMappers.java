package io.certlife.notifier.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.certlife.notifier.Refusal;
import io.quarkus.security.ForbiddenException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps refusals, invalid and unreadable bodies to RFC 9457 problems that name the problem: never a 500 for a user's mistake. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response refused(Refusal e) {
        return Problem.of(e);
    }

    /** An authenticated caller without the role: 403 naming the role(s) the operation needs. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, ResourceInfo resource) {
        RolesAllowed allowed = resource.getResourceMethod() == null ? null
                : resource.getResourceMethod().getAnnotation(RolesAllowed.class);
        return Problem.response(403, "forbidden", allowed == null ? "this operation is not allowed to the caller"
                : "this operation needs the role " + String.join(" or ", allowed.value()));
    }

    /** Bean validation of a request answers in the same shape as every other 400, naming each field and its problem. */
    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        return Problem.of(Refusal.invalid(e.getConstraintViolations().stream().map(ProblemMappers::describe).sorted()
                .collect(Collectors.joining("; "))));
    }

    private static String describe(ConstraintViolation<?> violation) {
        String field = "";
        for (Path.Node node : violation.getPropertyPath()) {
            field = node.getName() == null ? field : node.getName();
        }
        return field + " " + violation.getMessage();
    }

    @ServerExceptionMapper
    public Response unreadable(InvalidFormatException e) {
        String field = e.getPath().isEmpty() ? "body" : e.getPath().get(e.getPath().size() - 1).getFieldName();
        String allowed = e.getTargetType() != null && e.getTargetType().isEnum()
                ? " (one of " + Arrays.toString(e.getTargetType().getEnumConstants()) + ")" : "";
        return Problem.of(Refusal.invalid("'" + e.getValue() + "' is not a valid " + field + allowed));
    }

    /** A body of the wrong shape (an array where a value goes, say): Quarkus's own mapper would answer an empty 400. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        String field = e.getPath().stream().map(reference -> reference.getFieldName() != null ? reference.getFieldName()
                : "[" + reference.getIndex() + "]").collect(Collectors.joining("."));
        return Problem.of(Refusal.invalid((field.isEmpty() ? "the body" : "'" + field + "'") + " does not have the expected shape: "
                + e.getOriginalMessage()));
    }

    @ServerExceptionMapper
    public Response malformed(JsonProcessingException e) {
        return Problem.of(Refusal.invalid("the body is not valid JSON: " + e.getOriginalMessage()));
    }

    /**
     * Quarkus REST's own refusals (an unreadable body, an unknown path, a method or media type not served) in the same
     * shape; statuses other than 4xx pass unchanged.
     */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status / 100 != 4) {
            return e.getResponse();
        }
        if (e.getCause() instanceof InvalidFormatException format) {
            return unreadable(format);
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformed(json);
        }
        return Problem.response(status, status == 404 ? "not-found" : status == 400 ? "invalid" : "refused", e.getMessage());
    }
}
