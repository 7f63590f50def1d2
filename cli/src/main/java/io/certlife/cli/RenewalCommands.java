package io.certlife.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "renewals", description = "Renewal plans and their state.")
final class RenewalCommands {

    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}");

    static final Output.Column[] COLUMNS = {Output.col("ID", "id"), Output.col("SUBJECT", "subject"),
            Output.col("GEN", "generation"), Output.col("ISSUER", "issuer"), Output.col("STATE", "state"),
            Output.col("READY", "conditions.0.reason"), Output.col("NEW CERTIFICATE", "newCertificateId")};

    @ParentCommand
    Certlife root;

    @Command(name = "list", description = "Renewals, newest first.")
    int list(@Option(names = "--certificate", paramLabel = "THUMBPRINT|ID", description = "only the renewals of this "
                     + "certificate") String certificate,
             @Mixin Output output) {
        output.print(root.out(), root.api().get(root.renewal, Api.path("/renewals", "certificateId",
                certificate == null ? null : certificateId(root, certificate))), COLUMNS);
        return 0;
    }

    @Command(name = "approve", description = "Approve a plan that waits for approval (its drift had warnings); the approver "
            + "is the token's holder.")
    int approve(@Parameters(paramLabel = "RENEWAL-ID") String id, @Mixin Output output) {
        output.print(root.out(), root.api().postJson(root.renewal, "/renewals/" + id + "/approve", Map.of()), COLUMNS);
        return 0;
    }

    @Command(name = "server-csr", description = "Hand in the request a server made for its own key (New-ExchangeCertificate "
            + "-GenerateRequest, PEM): checked against the plan, then issued (internal CA) or kept for your CA.")
    int serverCsr(@Parameters(index = "0", paramLabel = "RENEWAL-ID") String id,
                  @Parameters(index = "1", paramLabel = "FILE") Path request,
                  @Mixin Output output) {
        output.print(root.out(), root.api().post(root.renewal, "/renewals/" + id + "/server-csr", "application/pkcs10",
                Api.read(request)), COLUMNS);
        return 0;
    }

    /** A certificate id as given, or looked up by thumbprint in the inventory. */
    static String certificateId(Certlife root, String idOrThumbprint) {
        return UUID.matcher(idOrThumbprint).matches() ? idOrThumbprint
                : CertificateCommands.byThumbprint(root, idOrThumbprint).path("id").asText();
    }

    @Command(name = "renew", description = "Renew a certificate now (a renewal waiting out its backoff is tried at once). "
            + "Repeating it never makes a second key.")
    static final class Renew implements java.util.concurrent.Callable<Integer> {

        @ParentCommand
        Certlife root;

        @Parameters(paramLabel = "THUMBPRINT|ID")
        String certificate;

        @Mixin
        Output output;

        @Override
        public Integer call() {
            JsonNode result = root.api().postJson(root.renewal, "/renewals", Map.of("certificateId", certificateId(root, certificate)));
            if (result.has("status")) {
                output.print(root.out(), result, Output.col("CERTIFICATE", "certificateId"), Output.col("STATUS", "status"));
            } else {
                output.print(root.out(), result, COLUMNS);
            }
            return 0;
        }
    }

    @Command(name = "csr", description = "Certificate signing requests of CSR renewals.")
    static final class CsrCommands {

        @ParentCommand
        Certlife root;

        @Command(name = "get", description = "The CSR of a renewal, PEM (or DER with --der), to stdout or a file.")
        int get(@Parameters(paramLabel = "RENEWAL-ID") String id,
                @Option(names = "--der", description = "DER instead of PEM") boolean der,
                @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "write to this file") Path file) {
            byte[] csr = root.api().download(root.renewal, "/renewals/" + id + "/csr",
                    der ? "application/pkcs10" : "application/x-pem-file");
            if (file != null) {
                write(file, csr, false);
                root.out().println("CSR written to " + file);
            } else if (der) {
                throw new ApiException(ApiException.USER_ERROR, "DER is binary: write it to a file with -f FILE");
            } else {
                root.out().print(new String(csr, java.nio.charset.StandardCharsets.US_ASCII));
                root.out().flush();
            }
            return 0;
        }

        @Command(name = "complete", description = "Hand renewal-service the certificate the CA issued for the CSR (PEM, "
                + "leaf then chain); it checks the key, the names and the chain before accepting it.")
        int complete(@Parameters(index = "0", paramLabel = "RENEWAL-ID") String id,
                     @Parameters(index = "1", paramLabel = "FILE") Path certificate,
                     @Mixin Output output) {
            output.print(root.out(), root.api().post(root.renewal, "/renewals/" + id + "/certificate", "application/x-pem-file",
                    Api.read(certificate)), COLUMNS);
            return 0;
        }
    }

    @Command(name = "export", description = "Export an issued certificate with its private key as PFX. LEGACY "
            + "(3DES/SHA-1, for Windows Server 2003 and ISA 2006) or MODERN (AES-256/SHA-256). The download works once.")
    static final class Export implements java.util.concurrent.Callable<Integer> {

        @ParentCommand
        Certlife root;

        @Parameters(paramLabel = "THUMBPRINT|ID", description = "the issued certificate")
        String certificate;

        @Option(names = "--profile", required = true, paramLabel = "legacy|modern")
        String profile;

        @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "where the PFX is written")
        Path file;

        @Option(names = "--password-file", paramLabel = "FILE", description = "write the PFX password to this file "
                + "(owner-only) instead of printing it")
        Path passwordFile;

        @Override
        public Integer call() {
            String normalized = profile.toUpperCase();
            if (!Set.of("LEGACY", "MODERN").contains(normalized)) {
                throw new ApiException(ApiException.USER_ERROR, "--profile must be legacy or modern, got '" + profile + "'");
            }
            String id = certificateId(root, certificate);
            JsonNode created = root.api().postJson(root.renewal, "/certificates/" + id + "/exports", Map.of("profile", normalized));
            byte[] pfx = root.api().download(root.renewal, "/exports/" + created.path("token").asText(), "application/x-pkcs12");
            write(file, pfx, true);
            root.out().println("PFX (" + normalized + ") written to " + file);
            if (passwordFile != null) {
                write(passwordFile, created.path("password").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8), true);
                root.out().println("Password written to " + passwordFile);
            } else {
                root.out().println("Password: " + created.path("password").asText());
            }
            return 0;
        }
    }

    @Command(name = "exports", description = "PFX exports made for operator tasks (key custodians).")
    static final class Exports {

        @ParentCommand
        Certlife root;

        @Command(name = "password", description = "Reveal the password of a task's PFX export, once: to a key custodian "
                + "other than the export's maker (the export id is in the task's mail and note).")
        int password(@Parameters(paramLabel = "EXPORT_ID") String exportId,
                     @Option(names = "--password-file", paramLabel = "FILE",
                             description = "write it to this file (owner-only) instead of printing it") Path passwordFile) {
            String password = root.api().postJson(root.renewal, "/exports/" + exportId + "/password", Map.of())
                    .path("password").asText();
            if (passwordFile != null) {
                write(passwordFile, password.getBytes(java.nio.charset.StandardCharsets.UTF_8), true);
                root.out().println("Password written to " + passwordFile);
            } else {
                root.out().println("Password: " + password);
            }
            return 0;
        }
    }

    /** Writes a file, owner-only when it holds a key or a password. */
    static void write(Path file, byte[] content, boolean secret) {
        try {
            Files.deleteIfExists(file);
            if (secret && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.write(file, content);
        } catch (IOException e) {
            throw new ApiException(ApiException.USER_ERROR, "cannot write " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }
}
