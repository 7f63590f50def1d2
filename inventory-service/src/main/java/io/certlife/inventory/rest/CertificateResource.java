package io.certlife.inventory.rest;

import io.certlife.inventory.Certificate;
import io.certlife.inventory.service.CertificateService;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Certificates of the estate: import and read. */
@Path("/certificates")
@Produces(MediaType.APPLICATION_JSON)
public class CertificateResource {

    @Inject
    CertificateService certificates;

    @POST
    @Consumes({"application/x-pem-file", MediaType.TEXT_PLAIN, "application/pkix-cert", MediaType.APPLICATION_OCTET_STREAM})
    @Operation(summary = "Import certificates", description = "PEM (one or many certificates) or one DER certificate. "
            + "Returns 201 when at least one certificate is new, 200 when all were known already.")
    public Response importCertificates(byte[] body) {
        List<CertificateService.Imported> imported = certificates.importCertificates(body, Certificate.Source.IMPORT);
        boolean created = imported.stream().anyMatch(CertificateService.Imported::created);
        List<CertificateView> views = imported.stream().map(i -> view(i.certificate())).toList();
        return Response.status(created ? Response.Status.CREATED : Response.Status.OK).entity(views).build();
    }

    @GET
    @Operation(summary = "List certificates, soonest expiry first")
    public List<CertificateView> list(@QueryParam("page") @DefaultValue("0") int page,
                                      @QueryParam("size") @DefaultValue("100") int size) {
        if (page < 0 || size < 1 || size > 1000) {
            throw new jakarta.ws.rs.BadRequestException("page must be >= 0 and size between 1 and 1000");
        }
        return Certificate.<Certificate>findAll(Sort.by("notAfter")).page(Page.of(page, size)).list().stream()
                .map(this::view).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One certificate by id")
    public CertificateView get(@PathParam("id") UUID id) {
        Certificate certificate = Certificate.<Certificate>findByIdOptional(id)
                .orElseThrow(() -> new NotFoundException("no certificate with id " + id));
        return view(certificate);
    }

    @jakarta.ws.rs.PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Tell the inventory what the certificate cannot say itself",
            description = "privateKeyExportable (as Get-ExchangeCertificate shows it) and renewBefore (ISO-8601 duration).")
    public CertificateView update(@PathParam("id") UUID id, CertificateService.Update update) {
        return view(certificates.update(id, update));
    }

    private CertificateView view(Certificate certificate) {
        return CertificateView.of(certificate);
    }
}
