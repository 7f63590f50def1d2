package io.certlife.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The services' REST APIs over HTTP: JSON in and out, problem details turned into {@link ApiException}s. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Duration timeout;
    private final Optional<String> token;

    /** {@code token}: the API token every request presents, if any. */
    Api(Duration timeout, Optional<String> token) {
        this.timeout = timeout;
        this.token = token;
    }

    JsonNode get(String base, String path) {
        return json(send(request(base, path).GET().build()));
    }

    JsonNode post(String base, String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder builder = request(base, path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return json(send(builder.build()));
    }

    JsonNode postJson(String base, String path, Object body) {
        try {
            return post(base, path, "application/json", JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode put(String base, String path, String contentType, byte[] body) {
        return json(send(request(base, path).header("Content-Type", contentType).PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .build()));
    }

    JsonNode delete(String base, String path) {
        return json(send(request(base, path).DELETE().build()));
    }

    /** The body of a GET as bytes (a CSR, a PFX). */
    byte[] download(String base, String path, String accept) {
        return send(request(base, path).setHeader("Accept", accept).GET().build()).body();
    }

    /** Files as one multipart/form-data request, each in a part named {@code file}. */
    JsonNode postFiles(String base, String path, List<Path> files, String password) {
        String boundary = "certlife-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            for (Path file : files) {
                byte[] content = read(file);
                body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                        + file.getFileName().toString().replace("\"", "") + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
                body.write(content);
                body.write("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            if (password != null) {
                body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n" + password + "\r\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e); // writing to memory
        }
        return post(base, path, "multipart/form-data; boundary=" + boundary, body.toByteArray());
    }

    /** {@code path} with the query parameters (name, value, ...) whose value is not null, URL-encoded, in order. */
    static String path(String path, String... parameters) {
        StringBuilder query = new StringBuilder(path);
        for (int i = 0; i + 1 < parameters.length; i += 2) {
            if (parameters[i + 1] != null) {
                query.append(query.indexOf("?") < 0 ? '?' : '&').append(parameters[i]).append('=')
                        .append(URLEncoder.encode(parameters[i + 1], StandardCharsets.UTF_8));
            }
        }
        return query.toString();
    }

    /** A file named on the command line; one that cannot be read is a usage error, not a stack trace. */
    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ApiException(ApiException.USER_ERROR, "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private HttpRequest.Builder request(String base, String path) {
        URI uri;
        try {
            uri = URI.create(base.replaceAll("/+$", "") + path);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ApiException.USER_ERROR, "not a URL: " + base + path);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        token.ifPresent(secret -> request.header("Authorization", "Bearer " + secret));
        return request;
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException e) {
            throw new ApiException(ApiException.UNAVAILABLE, "cannot connect to " + request.uri().getScheme() + "://"
                    + request.uri().getAuthority() + " (is the service running? see --help for the URL options)");
        } catch (IOException e) {
            throw new ApiException(ApiException.UNAVAILABLE, request.uri() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ApiException.UNAVAILABLE, "interrupted");
        }
        int status = response.statusCode();
        if (status >= 400) {
            String detail = detail(response.body());
            int code = status == 404 ? ApiException.NOT_FOUND : status < 500 ? ApiException.REFUSED : ApiException.UNAVAILABLE;
            throw new ApiException(code, request.method() + " " + request.uri().getPath() + ": " + status
                    + (detail.isEmpty() ? "" : " " + detail));
        }
        return response;
    }

    private static String detail(byte[] body) {
        try {
            JsonNode problem = JSON.readTree(body);
            return problem.path("detail").asText(problem.path("title").asText(""));
        } catch (IOException e) {
            return new String(body, StandardCharsets.UTF_8).strip();
        }
    }

    private static JsonNode json(HttpResponse<byte[]> response) {
        try {
            return response.body().length == 0 ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new ApiException(ApiException.UNAVAILABLE, "the service answered something that is not JSON");
        }
    }
}
