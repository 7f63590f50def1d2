package io.certlife.console;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.ext.Provider;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import jakarta.ws.rs.core.Response;

/**
 * What an action did, shown once on the page it returns to (post, redirect, get): kept for a minute in a cookie of its
 * own rather than in the URL, so that a link cannot make the console say something it did not. The page that shows it
 * clears it.
 */
@Provider
public class Flash implements ContainerResponseFilter {

    public static final String COOKIE = "certlife_flash";

    /** A message, and whether it reports a refusal. */
    public record Message(boolean refused, String text) {
    }

    /** 303 to {@code page}, which will show {@code text}. */
    public static Response redirect(String page, boolean refused, String text) {
        String value = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(((refused ? "!" : ".") + text).getBytes(StandardCharsets.UTF_8));
        return Response.seeOther(URI.create(page)).cookie(cookie(value, 60)).build();
    }

    /** The message in the request's flash cookie, if any. */
    static Message read(Cookie cookie) {
        if (cookie == null || cookie.getValue().isEmpty() || cookie.getValue().length() > 4096) {
            return null;
        }
        try {
            String value = new String(Base64.getUrlDecoder().decode(cookie.getValue()), StandardCharsets.UTF_8);
            return value.isEmpty() ? null : new Message(value.charAt(0) == '!', value.substring(1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getCookies().containsKey(COOKIE) && response.getStatus() == 200) {
            response.getHeaders().add("Set-Cookie", cookie("", 0).toString());
        }
    }

    private static NewCookie cookie(String value, int maxAge) {
        return new NewCookie.Builder(COOKIE).value(value).path("/").httpOnly(true).sameSite(NewCookie.SameSite.STRICT)
                .maxAge(maxAge).build();
    }
}
