package io.certlife.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** The estate by site, server and slot, coloured (and labelled) by days to expiry, with filters and the weekly chart. */
@Path("/estate")
@Produces(MediaType.TEXT_HTML)
public class EstatePage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance estate(Page page, Estate.View view);
    }

    @Inject
    Estate estate;

    @Inject
    SecurityIdentity identity;

    @GET
    @RolesAllowed(ConsoleRoles.VIEWER)
    public TemplateInstance get(@QueryParam("site") @DefaultValue("") String site, @QueryParam("role") @DefaultValue("") String role,
                                @QueryParam("owner") @DefaultValue("") String owner,
                                @QueryParam("issuer") @DefaultValue("") String issuer,
                                @QueryParam("band") @DefaultValue("") String band, @QueryParam("q") @DefaultValue("") String q,
                                @Context HttpHeaders headers) {
        if (!band.isBlank() && java.util.Arrays.stream(ExpiryBand.values()).noneMatch(b -> b.name().equals(band))) {
            throw new BadRequestException("band must be one of " + java.util.Arrays.toString(ExpiryBand.values()) + ", not '"
                    + band + "'");
        }
        Page page = Page.of(identity, "estate", headers);
        return Templates.estate(page, estate.show(page.user(), new Estate.Filters(site, role, owner, issuer, band, q)));
    }
}
