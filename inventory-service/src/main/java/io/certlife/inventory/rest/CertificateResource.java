package io.certlife.inventory.rest;

import io.certlife.access.Roles;
import io.certlife.access.audit.Audited;
import io.certlife.inventory.Certificate;
import io.certlife.inventory.Refusal;
import io.certlife.inventory.config.ImportConfig;
import io.certlife.inventory.pki.CertificatePem;
import io.certlife.inventory.service.CertificateService;
import io.certlife.inventory.service.RenewalScheduler;
import io.quarkus.security.identity.SecurityIdentity;
import io.certlife.inventory.policy.PlanningFacts.RevocationFacts;
import io.certlife.inventory.policy.PlanningFacts.RevocationStatus;
import io.certlife.inventory.CertificateRevocation;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Certificates of the estate: import and read. */
@Audited
@Path("/certificates")
@Produces(MediaType.APPLICATION_JSON)
public class CertificateResource {

    private static final String PEM = "application/x-pem-file";
    private static final String PKIX_CERT = "application/pkix-cert";

    /** Header that carries a PKCS#12 password; never logged. */
    public static final String PFX_PASSWORD_HEADER = "X-Certlife-Pfx-Password";

    @Inject
    SecurityIdentity caller;

    @Inject
    CertificateService certificates;

    @Inject
    ImportConfig config;

    @Inject
    RenewalScheduler renewals;

    @Inject
    java.time.Clock clock;

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Consumes({"application/x-pem-file", MediaType.TEXT_PLAIN, "application/pkix-cert", "application/x-x509-ca-cert",
            "application/pkcs7-mime", "application/x-pkcs7-certificates", "application/x-pkcs12",
            MediaType.APPLICATION_OCTET_STREAM})
    @Operation(summary = "Import one certificate file", description = "PEM (one or many certificates, a chain), DER, "
            + "PKCS#7 (.p7b) or PKCS#12 (.pfx/.p12, password in the X-Certlife-Pfx-Password header). The inventory never "
            + "keeps a private key: from a PFX it keeps the certificates and says so. 201 when a certificate is new, "
            + "200 when all were known; 400 naming the problem, 413 over the size limit, and nothing written.")
    public Response importCertificate(InputStream in, @HeaderParam(PFX_PASSWORD_HEADER) String password) throws IOException {
        byte[] body = in.readNBytes(config.maxFileBytes() + 1);
        requireSize("the file", body.length, config.maxFileBytes());
        return imported(certificates.importCertificates(List.of(new CertificateService.NamedInput("file", body)),
                password == null ? null : password.toCharArray(), Certificate.Source.IMPORT));
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("/bulk")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Import many certificate files at once (multipart)", description = "Each part named 'file' "
            + "is one file in any format accepted by POST /certificates; an optional 'password' part opens PKCS#12 files. "
            + "All or nothing: one unreadable file fails the import and names the file.")
    public Response importMultipart(@RestForm("file") List<FileUpload> files, @RestForm("password") String password)
            throws IOException {
        if (files == null || files.isEmpty()) {
            throw Refusal.invalid("no part named 'file' in the multipart request");
        }
        requireSize("the number of files", files.size(), config.maxFiles());
        List<CertificateService.NamedInput> inputs = new ArrayList<>();
        long total = 0;
        for (FileUpload file : files) {
            requireSize(file.fileName(), file.size(), config.maxFileBytes());
            total += file.size();
            requireSize("the upload", total, config.maxBulkBytes());
            inputs.add(new CertificateService.NamedInput(file.fileName(), Files.readAllBytes(file.uploadedFile())));
        }
        return imported(certificates.importCertificates(inputs, password == null ? null : password.toCharArray(),
                Certificate.Source.IMPORT));
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("/bulk")
    @Consumes("application/zip")
    @Operation(summary = "Import every certificate file in a zip", description = "Directories are skipped; limits on "
            + "entry count, entry size and total unpacked size guard against zip bombs.")
    public Response importZip(InputStream body, @HeaderParam(PFX_PASSWORD_HEADER) String password) throws IOException {
        List<CertificateService.NamedInput> inputs = new ArrayList<>();
        long total = 0;
        try (ZipInputStream zip = new ZipInputStream(body)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (entry.isDirectory()) {
                    continue;
                }
                requireSize("the number of files", inputs.size() + 1, config.maxFiles());
                byte[] content = zip.readNBytes(config.maxFileBytes() + 1);
                requireSize(entry.getName(), content.length, config.maxFileBytes());
                total += content.length;
                requireSize("the unpacked zip", total, config.maxBulkBytes());
                inputs.add(new CertificateService.NamedInput(entry.getName(), content));
            }
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw Refusal.invalid("the zip file is damaged or cut short: " + e.getMessage());
        }
        if (inputs.isEmpty()) {
            throw Refusal.invalid("the zip file holds no files");
        }
        return imported(certificates.importCertificates(inputs, password == null ? null : password.toCharArray(),
                Certificate.Source.IMPORT));
    }

    /** What an import did. */
    public record ImportResponse(int created, List<CertificateView> certificates, boolean privateKeyDiscarded, String note) {
    }

    private Response imported(CertificateService.ImportResult result) {
        List<CertificateView> views = result.certificates().stream().map(i -> view(i.certificate())).toList();
        int created = (int) result.certificates().stream().filter(CertificateService.Imported::created).count();
        String note = result.privateKeyDiscarded()
                ? "the input held a private key: it was discarded, the inventory keeps certificates only" : null;
        return Response.status(created > 0 ? Response.Status.CREATED : Response.Status.OK)
                .entity(new ImportResponse(created, views, result.privateKeyDiscarded(), note)).build();
    }

    private static void requireSize(String what, long size, long max) {
        if (size > max) {
            throw Refusal.tooLarge(what + " is over the limit of " + max + (what.startsWith("the number") ? "" : " bytes"));
        }
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Operation(summary = "List certificates, soonest expiry first", description = "Filters: expiringWithin (ISO-8601 "
            + "duration such as P30D, or 30d; already expired included), server (FQDN: certificates intended or pending for "
            + "its slots), thumbprint (SHA-1 thumbprint or SHA-256 fingerprint, hex, colons and spaces ignored), inUse=true "
            + "(the certificates intended or pending for a slot that is not retired), name (at least 3 characters found in the "
            + "common name or a subject alternative name, case-insensitive).")
    public List<CertificateView> list(@QueryParam("page") @DefaultValue("0") int page,
                                      @QueryParam("size") @DefaultValue("100") int size,
                                      @QueryParam("expiringWithin") String expiringWithin,
                                      @QueryParam("server") String server,
                                      @QueryParam("thumbprint") String thumbprint,
                                      @QueryParam("name") String name,
                                      @QueryParam("inUse") @DefaultValue("false") boolean inUse) {
        if (page < 0 || size < 1 || size > 1000) {
            throw Refusal.invalid("page must be >= 0 and size between 1 and 1000");
        }
        if (name != null && name.strip().length() < 3) {
            throw Refusal.invalid("name must be at least 3 characters (a part of a common name or subject alternative name), got '"
                    + name + "'");
        }
        String hex = null;
        if (thumbprint != null) {
            hex = thumbprint.replaceAll("[:\\s]", "").toUpperCase();
            if (!hex.matches("[0-9A-F]{40}|[0-9A-F]{64}")) {
                throw Refusal.invalid("thumbprint must be a SHA-1 thumbprint (40 hex digits) or a "
                        + "SHA-256 fingerprint (64 hex digits), got '" + thumbprint + "'");
            }
        }
        return certificates.search(page, size, expiringWithin == null ? null : duration(expiringWithin), server, hex,
                        name == null ? null : name.strip(), inUse).stream()
                .map(this::view).toList();
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("/summary")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The estate's certificates at a glance", description = "How many, their issuers (at most 1,000), "
            + "and for each of the next `weeks` weeks (1-104, default 52; from the Monday of this week, UTC) how many "
            + "certificates expire and how many renewals are planned: counted in the database, not listed, at most 30 s ago "
            + "(at once after this replica imports, registers or updates a certificate).")
    public CertificateService.Summary summary(@QueryParam("weeks") @DefaultValue("52") int weeks) {
        if (weeks < 1 || weeks > 104) {
            throw Refusal.invalid("weeks must be between 1 and 104");
        }
        return certificates.summary(weeks);
    }

    /** An ISO-8601 duration (P30D, PT12H) or a number of days (30d). */
    private static java.time.Duration duration(String value) {
        try {
            return value.matches("\\d{1,5}d") ? java.time.Duration.ofDays(Long.parseLong(value.substring(0, value.length() - 1)))
                    : java.time.Duration.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw Refusal.invalid("expiringWithin must be an ISO-8601 duration such as P30D, or a "
                    + "number of days such as 30d, got '" + value + "'");
        }
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("/{id}")
    @Produces({MediaType.APPLICATION_JSON, PEM, PKIX_CERT})
    @Operation(summary = "One certificate by id", description = "JSON; the certificate itself with Accept: "
            + "application/x-pem-file (PEM, its chain after it as far as the inventory knows it: leaf first) or "
            + "application/pkix-cert (the leaf, DER).")
    public Response get(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        if (accept != null && accept.contains(PEM)) {
            return Response.ok(CertificatePem.of(certificates.withChain(id).stream().map(c -> c.der).toList()), PEM).build();
        }
        Certificate certificate = Certificate.<Certificate>findByIdOptional(id)
                .orElseThrow(() -> Refusal.notFound("no certificate with id " + id));
        if (accept != null && accept.contains(PKIX_CERT)) {
            return Response.ok(certificate.der, PKIX_CERT).build();
        }
        return Response.ok(view(certificate), MediaType.APPLICATION_JSON).build();
    }

    /** A certificate's revocation status as the last check found it. */
    public record RevocationView(UUID certificateId, String status, String source, String detail, Instant revokedAt,
                                 Instant checkedAt) {
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("/{id}/revocation")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Revocation status", description = "GOOD, REVOKED or UNKNOWN as the last check found it (OCSP where "
            + "the certificate's AIA names a responder, else its issuer's CRL; checked after each discovery run over the "
            + "slots, for certificates in use), with its source and why. UNKNOWN with 'not checked yet' before the first check.")
    public RevocationView revocation(@PathParam("id") UUID id) {
        Certificate.<Certificate>findByIdOptional(id).orElseThrow(() -> Refusal.notFound("no certificate with id " + id));
        CertificateRevocation checked = CertificateRevocation.findById(id);
        return checked == null ? new RevocationView(id, RevocationStatus.UNKNOWN.name(), null,
                RevocationFacts.NOT_CHECKED.detail(), null, null)
                : new RevocationView(id, checked.status.name(), checked.source == null ? null : checked.source.name(),
                        checked.detail, checked.revokedAt, checked.checkedAt);
    }

    @RolesAllowed(Roles.ADMIN)
    @jakarta.ws.rs.PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Tell the inventory what the certificate cannot say itself",
            description = "privateKeyExportable (as Get-ExchangeCertificate shows it) and renewBefore (ISO-8601 duration).")
    public CertificateView update(@PathParam("id") UUID id, CertificateService.Update update) {
        return view(certificates.update(id, update));
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("/{id}/renewal")
    @Operation(summary = "Renew now", description = "Makes the certificate due at once: emits RenewalDue (with what topology "
            + "and policy ask of the replacement, and the caller as who asked), whatever its renewal time. 202; renewal-service plans it. 404 for an "
            + "unknown certificate, 409 when it has been replaced already.")
    public Response renewNow(@PathParam("id") UUID id) {
        renewals.renewNow(id, caller.getPrincipal().getName());
        return Response.accepted(Map.of("certificateId", id, "status", "RenewalDue emitted")).build();
    }

    private CertificateView view(Certificate certificate) {
        return CertificateView.of(certificate);
    }
}
