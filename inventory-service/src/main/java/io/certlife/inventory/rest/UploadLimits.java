package io.certlife.inventory.rest;

import io.certlife.inventory.config.ImportConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a certificate upload whose declared length (Content-Length) is over its limit before a byte of the body is
 * read, naming the limit: an oversized file costs nothing. An upload without a declared length is measured while it
 * is read; anything over {@code quarkus.http.limits.max-body-size} is refused by the HTTP layer (a bare 413).
 */
public class UploadLimits {

    /** Room for the multipart boundaries and part headers around a bulk upload's files. */
    static final long MULTIPART_OVERHEAD = 1024 * 1024;

    @Inject
    ImportConfig config;

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> declaredLength(ContainerRequestContext request) {
        int length = request.getLength();
        if (length < 0 || !"POST".equals(request.getMethod())) {
            return Optional.empty();
        }
        String path = "/" + request.getUriInfo().getPath().replaceFirst("^/+", "").replaceFirst("/+$", "");
        long max = switch (path) {
            case "/certificates" -> config.maxFileBytes();
            case "/certificates/bulk" -> config.maxBulkBytes() + MULTIPART_OVERHEAD;
            default -> Long.MAX_VALUE;
        };
        if (length <= max) {
            return Optional.empty();
        }
        return Optional.of(Problem.response(413, "too-large", "the upload declares " + length + " bytes, over the limit of "
                + max + " bytes for " + path + " (certlife.import." + (path.endsWith("bulk") ? "max-bulk-bytes" : "max-file-bytes")
                + ")"));
    }
}
