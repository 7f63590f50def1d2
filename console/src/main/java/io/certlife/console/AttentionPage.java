package io.certlife.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** The console's first page: what needs attention, most urgent first, or "All clear". */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class AttentionPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance attention(Page page, Attention.Report report);
    }

    @Inject
    Attention attention;

    @Inject
    SecurityIdentity identity;

    @GET
    @RolesAllowed(ConsoleRoles.VIEWER)
    public TemplateInstance get(@Context HttpHeaders headers) {
        Page page = Page.of(identity, "attention", headers);
        return Templates.attention(page, attention.gather(page.user()));
    }
}
