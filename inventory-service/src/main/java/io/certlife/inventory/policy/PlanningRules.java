package io.certlife.inventory.policy;

import io.certlife.events.ServerRole;
import io.certlife.events.ServiceKind;
import io.certlife.events.Severity;
import io.certlife.inventory.policy.PlanningFacts.CertificateFacts;
import io.certlife.inventory.policy.PlanningFacts.CrlProblem;
import io.certlife.inventory.policy.PlanningFacts.CrlState;
import io.certlife.inventory.policy.PlanningFacts.RevocationStatus;
import io.certlife.inventory.policy.PlanningFacts.NamespaceUse;
import io.certlife.inventory.policy.PlanningFacts.PublishingUse;
import io.certlife.inventory.policy.PlanningFacts.ServerFacts;
import io.certlife.inventory.policy.PlanningFacts.SlotCertificate;
import io.certlife.inventory.policy.PlanningFacts.SlotUse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The planning rules of DOMAIN.md, each a pure function with a stable id. Certificate rules read a
 * certificate and the slots it serves; server rules read a server and its slots.
 */
public final class PlanningRules {

    public static final String PUBLIC_ISSUER_REQUIRED = "PUBLIC_ISSUER_REQUIRED";
    public static final String NAMESPACE_NOT_COVERED = "NAMESPACE_NOT_COVERED";
    public static final String WILDCARD_CLIENT_UNSUPPORTED = "WILDCARD_CLIENT_UNSUPPORTED";
    public static final String WILDCARD_MAIL_RETRIEVAL = "WILDCARD_MAIL_RETRIEVAL";
    public static final String ISA_FIRST_SAN = "ISA_FIRST_SAN";
    public static final String SHA512_CHAIN_CLIENT_UNSUPPORTED = "SHA512_CHAIN_CLIENT_UNSUPPORTED";
    public static final String ECDSA_UNSUPPORTED = "ECDSA_UNSUPPORTED";
    public static final String EXPORTABLE_KEY_REQUIRED = "EXPORTABLE_KEY_REQUIRED";
    public static final String CRL_LDAP_ONLY = "CRL_LDAP_ONLY";
    public static final String CRL_UNREACHABLE = "CRL_UNREACHABLE";
    public static final String CRL_UNREADABLE = "CRL_UNREADABLE";
    public static final String CRL_STALE = "CRL_STALE";
    public static final String REVOKED = "REVOKED";
    public static final String UNTRUSTED_CHAIN = "UNTRUSTED_CHAIN";
    public static final String IIS_CERTIFICATE_COUNT = "IIS_CERTIFICATE_COUNT";
    public static final String HUB_SMTP_CERTIFICATE = "HUB_SMTP_CERTIFICATE";
    public static final String KEY_TOO_SMALL = "KEY_TOO_SMALL";
    public static final String SHA1_SIGNATURE = "SHA1_SIGNATURE";
    public static final String VALIDITY_OVER_PUBLIC_CAP = "VALIDITY_OVER_PUBLIC_CAP";
    /** Raised by discovery, not by these functions: the served certificate is not the intended one. */
    public static final String SERVED_CERTIFICATE_MISMATCH = "SERVED_CERTIFICATE_MISMATCH";

    static final int MIN_RSA_BITS = 2048;

    private PlanningRules() {
    }

    /** Every certificate rule, in a stable order. */
    public static List<Finding> checkCertificate(CertificateFacts c, List<SlotUse> uses) {
        List<Finding> findings = new ArrayList<>();
        findings.addAll(publicIssuerRequired(c, uses));
        findings.addAll(namespaceCoverage(c, uses));
        findings.addAll(wildcardForMailRetrieval(c, uses));
        findings.addAll(isaFirstSan(c, uses));
        findings.addAll(sha512ChainForClients(c, uses));
        findings.addAll(ecdsaUnsupported(c, uses));
        findings.addAll(exportableKeyRequired(c, uses));
        findings.addAll(crlLdapOnly(c, uses));
        findings.addAll(crlProblems(c, uses));
        findings.addAll(revoked(c));
        findings.addAll(untrustedChain(c, uses));
        findings.addAll(keyTooSmall(c));
        findings.addAll(sha1Signature(c));
        findings.addAll(validityOverPublicCap(c, uses));
        return findings;
    }

    /** Every server rule. */
    public static List<Finding> checkServer(ServerFacts server) {
        List<Finding> findings = new ArrayList<>();
        findings.addAll(iisCertificateCount(server));
        findings.addAll(hubSmtpCertificate(server));
        return findings;
    }

    /** Internet-facing roles (Edge, ISA, internet-facing CAS) need a public CA; self-signed there is an error. */
    static List<Finding> publicIssuerRequired(CertificateFacts c, List<SlotUse> uses) {
        if (!c.selfSigned()) {
            return List.of();
        }
        return uses.stream()
                .filter(u -> u.roles().stream().anyMatch(r -> r.recommendedIssuer(u.internetFacing()) == ServerRole.RecommendedIssuer.PUBLIC))
                .map(u -> finding(PUBLIC_ISSUER_REQUIRED, Severity.ERROR, c, u,
                        "self-signed certificate " + c.commonName() + " serves " + u.service() + " on internet-facing "
                                + u.server() + " (" + roles(u) + "): clients and partners will not trust it; use a public CA"))
                .toList();
    }

    /** Every namespace clients use must be in the subject or SANs; a wildcard must suit every client profile. */
    static List<Finding> namespaceCoverage(CertificateFacts c, List<SlotUse> uses) {
        List<Finding> findings = new ArrayList<>();
        for (SlotUse u : uses) {
            for (NamespaceUse ns : u.namespaces()) {
                NameMatch match = NameMatch.of(c.names(), ns.name());
                if (match == NameMatch.NONE) {
                    findings.add(finding(NAMESPACE_NOT_COVERED, Severity.ERROR, c, u, ns.name(),
                            ns.name() + " is answered by " + u.service() + " on " + u.server()
                                    + " but is neither the subject nor a SAN of " + c.commonName()));
                } else if (match == NameMatch.WILDCARD) {
                    List<String> refusing = ns.clientProfiles().stream().filter(p -> !p.acceptsWildcard())
                            .map(Enum::name).sorted().toList();
                    if (!refusing.isEmpty()) {
                        findings.add(finding(WILDCARD_CLIENT_UNSUPPORTED, Severity.ERROR, c, u, ns.name(),
                                ns.name() + " is covered only by a wildcard, which " + String.join(", ", refusing)
                                        + " cannot use: add it as an explicit SAN"));
                    }
                }
            }
        }
        return findings;
    }

    /** POP and IMAP never with a wildcard certificate (KB948896). */
    static List<Finding> wildcardForMailRetrieval(CertificateFacts c, List<SlotUse> uses) {
        if (c.names().stream().noneMatch(n -> n.startsWith("*."))) {
            return List.of();
        }
        return uses.stream().filter(u -> u.service().mailRetrieval())
                .map(u -> finding(WILDCARD_MAIL_RETRIEVAL, Severity.ERROR, c, u,
                        "wildcard certificate " + c.commonName() + " is enabled for " + u.service() + " on " + u.server()
                                + ": Exchange cannot use wildcards for POP or IMAP (KB948896)"))
                .toList();
    }

    /** ISA 2006 matches the published host name against the subject CN or the first SAN only. */
    static List<Finding> isaFirstSan(CertificateFacts c, List<SlotUse> uses) {
        List<Finding> findings = new ArrayList<>();
        String firstSan = c.subjectAltNames().isEmpty() ? null : c.subjectAltNames().get(0);
        for (SlotUse u : uses) {
            if (u.service() != ServiceKind.IIS) {
                continue;
            }
            for (PublishingUse rule : u.publishedBy()) {
                String host = rule.publicHostName();
                boolean matches = host.equalsIgnoreCase(String.valueOf(c.commonName())) || host.equalsIgnoreCase(String.valueOf(firstSan));
                if (!matches) {
                    findings.add(finding(ISA_FIRST_SAN, Severity.ERROR, c, u, rule.isaServer() + "/" + rule.webListener() + "/" + host,
                            "ISA " + rule.isaServer() + " listener " + rule.webListener() + " publishes " + host
                                    + ", which is neither the subject CN (" + c.commonName() + ") nor the first SAN ("
                                    + firstSan + ") of the certificate: ISA 2006 matches only those, so SAN order matters"));
                }
            }
        }
        return findings;
    }

    /** Windows Mobile 6 fails when the chain is signed with SHA-512. */
    static List<Finding> sha512ChainForClients(CertificateFacts c, List<SlotUse> uses) {
        boolean sha512 = java.util.stream.Stream.concat(java.util.stream.Stream.of(c.signatureAlgorithm()),
                c.chainSignatureAlgorithms().stream()).anyMatch(a -> a != null && a.toUpperCase(Locale.ROOT).contains("SHA512"));
        if (!sha512) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>();
        for (SlotUse u : uses) {
            for (NamespaceUse ns : u.namespaces()) {
                List<String> refusing = ns.clientProfiles().stream().filter(p -> !p.acceptsSha512Chain()).map(Enum::name).sorted().toList();
                if (!refusing.isEmpty()) {
                    findings.add(finding(SHA512_CHAIN_CLIENT_UNSUPPORTED, Severity.ERROR, c, u, ns.name(),
                            ns.name() + " is used by " + String.join(", ", refusing)
                                    + ", which fails when the certificate chain is signed with SHA-512"));
                }
            }
        }
        return findings;
    }

    /**
     * What the estate asks of a replacement: the namespaces its slots answer for, the host name an ISA rule
     * publishes (subject CN or first SAN), RSA when a consumer cannot use ECDSA, and the public validity cap
     * when a slot needs a public CA's certificate.
     */
    public record Requirements(List<String> requiredNames, String firstName, boolean rsaRequired, Integer maxValidityDays) {
    }

    public static Requirements requirements(List<SlotUse> uses, Instant now) {
        List<String> names = uses.stream().flatMap(u -> u.namespaces().stream()).map(NamespaceUse::name).distinct().toList();
        String first = uses.stream().flatMap(u -> u.publishedBy().stream()).map(PublishingUse::publicHostName).findFirst().orElse(null);
        boolean rsa = uses.stream().anyMatch(u -> !u.os().supportsEcdsa()
                || u.publishedBy().stream().anyMatch(r -> !r.isaOs().supportsEcdsa()));
        boolean publicSlot = uses.stream()
                .anyMatch(u -> u.roles().stream().anyMatch(r -> r.recommendedIssuer(u.internetFacing()) == ServerRole.RecommendedIssuer.PUBLIC));
        return new Requirements(names, first, rsa, publicSlot ? PublicValidityCap.maxDays(now) : null);
    }

    /** Windows Server 2003 and ISA 2006 cannot use ECDSA keys. */
    static List<Finding> ecdsaUnsupported(CertificateFacts c, List<SlotUse> uses) {
        if (!"EC".equals(c.keyAlgorithm())) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>();
        for (SlotUse u : uses) {
            if (!u.os().supportsEcdsa()) {
                findings.add(finding(ECDSA_UNSUPPORTED, Severity.ERROR, c, u,
                        "ECDSA certificate " + c.commonName() + " on " + u.server() + " (" + u.os()
                                + "), which cannot use ECDSA keys: use RSA"));
            }
            for (PublishingUse rule : u.publishedBy()) {
                if (!rule.isaOs().supportsEcdsa()) {
                    findings.add(finding(ECDSA_UNSUPPORTED, Severity.ERROR, c, u, rule.isaServer(),
                            "ECDSA certificate " + c.commonName() + " is published by ISA " + rule.isaServer() + " ("
                                    + rule.isaOs() + "), which cannot use ECDSA keys: use RSA"));
                }
            }
        }
        return findings;
    }

    /** A certificate the reverse proxy must carry needs an exportable private key, or the PFX export is impossible. */
    static List<Finding> exportableKeyRequired(CertificateFacts c, List<SlotUse> uses) {
        if (Boolean.TRUE.equals(c.privateKeyExportable())) {
            return List.of();
        }
        return uses.stream().filter(u -> u.service() == ServiceKind.IIS && !u.publishedBy().isEmpty())
                .map(u -> {
                    String isa = u.publishedBy().stream().map(PublishingUse::isaServer).distinct().collect(Collectors.joining(", "));
                    return Boolean.FALSE.equals(c.privateKeyExportable())
                            ? finding(EXPORTABLE_KEY_REQUIRED, Severity.ERROR, c, u, "certificate " + c.commonName()
                                    + " on " + u.server() + " is published by ISA " + isa
                                    + " but its private key is not exportable: the PFX export to ISA is impossible; "
                                    + "renew it with an exportable key")
                            : finding(EXPORTABLE_KEY_REQUIRED, Severity.WARNING, c, u, "certificate " + c.commonName()
                                    + " on " + u.server() + " is published by ISA " + isa
                                    + " and it is not known whether its private key is exportable");
                })
                .toList();
    }

    /** An LDAP-only CRL distribution point is unreachable for partners and for Domain Security. */
    static List<Finding> crlLdapOnly(CertificateFacts c, List<SlotUse> uses) {
        List<String> cdps = c.crlDistributionPoints();
        if (cdps.isEmpty() || cdps.stream().anyMatch(u -> u.toLowerCase(Locale.ROOT).startsWith("http"))) {
            return List.of();
        }
        boolean external = uses.stream().anyMatch(u -> u.internetFacing() || u.service() == ServiceKind.SMTP);
        return List.of(finding(CRL_LDAP_ONLY, external ? Severity.ERROR : Severity.WARNING, c, null,
                "certificate " + c.commonName() + " has only LDAP CRL distribution points (" + String.join(", ", cdps)
                        + "): partners and Domain Security cannot check revocation; publish an HTTP CDP"));
    }

    /** The longest CRL URL that is fetched and recorded; a longer one is reported as not fetched. */
    public static final int MAX_CRL_URL_LENGTH = 2000;

    /**
     * HTTP CRL distribution points that did not answer the last bounded fetch, answered with something that is not a
     * CRL of the issuer, or served a CRL whose {@code nextUpdate} has passed: clients that check revocation may refuse
     * the certificate. An error where partners or the internet validate, else a warning.
     */
    static List<Finding> crlProblems(CertificateFacts c, List<SlotUse> uses) {
        Severity severity = uses.stream().anyMatch(u -> u.internetFacing() || u.service() == ServiceKind.SMTP) ? Severity.ERROR
                : Severity.WARNING;
        List<Finding> findings = new ArrayList<>();
        List<CrlProblem> unreachable = c.revocation().crls(CrlState.UNREACHABLE);
        if (!unreachable.isEmpty()) {
            findings.add(finding(CRL_UNREACHABLE, severity, c, null, "CRL distribution point " + described(unreachable)
                    + " of certificate " + c.commonName() + " did not answer: clients that check revocation may refuse the certificate"));
        }
        List<CrlProblem> unreadable = c.revocation().crls(CrlState.UNREADABLE);
        if (!unreadable.isEmpty()) {
            findings.add(finding(CRL_UNREADABLE, severity, c, null, "CRL distribution point " + described(unreadable)
                    + " of certificate " + c.commonName() + " does not serve a CRL of its issuer: clients that check revocation"
                    + " may refuse the certificate"));
        }
        List<CrlProblem> stale = c.revocation().crls(CrlState.STALE);
        if (!stale.isEmpty()) {
            findings.add(finding(CRL_STALE, severity, c, null, "the CRL at " + described(stale) + " of certificate "
                    + c.commonName() + " is out of date: the CA has not published a newer one, and clients that check"
                    + " revocation may refuse the certificate"));
        }
        return findings;
    }

    private static String described(List<CrlProblem> problems) {
        return problems.stream().map(p -> p.url() + (p.detail() == null ? "" : " (" + p.detail() + ")"))
                .collect(Collectors.joining(", "));
    }

    /**
     * A CA-issued certificate that does not chain to a trust anchor (its chain ends at another root, or a signature
     * does not verify): clients refuse it, and a certificate that only names a trusted issuer is a forgery. An error
     * where partners or the internet validate, else a warning. Self-signed certificates are what they say.
     */
    static List<Finding> untrustedChain(CertificateFacts c, List<SlotUse> uses) {
        if (c.selfSigned() || !Boolean.FALSE.equals(c.trusted())) {
            return List.of();
        }
        Severity severity = uses.stream().anyMatch(u -> u.internetFacing() || u.service() == ServiceKind.SMTP) ? Severity.ERROR
                : Severity.WARNING;
        return List.of(finding(UNTRUSTED_CHAIN, severity, c, null, "certificate " + c.commonName() + " does not chain to a trust "
                + "anchor of the estate (PUT /trust-anchors): its chain ends at another root or a signature does not verify"));
    }

    /** A revoked certificate in use: clients refuse it; replace it now. */
    static List<Finding> revoked(CertificateFacts c) {
        if (c.revocation().status() != RevocationStatus.REVOKED) {
            return List.of();
        }
        return List.of(finding(REVOKED, Severity.ERROR, c, null, "certificate " + c.commonName() + " is revoked ("
                + c.revocation().detail() + "): clients that check revocation refuse it; renew it now"));
    }

    static List<Finding> keyTooSmall(CertificateFacts c) {
        if (!"RSA".equals(c.keyAlgorithm()) || c.keySize() >= MIN_RSA_BITS) {
            return List.of();
        }
        return List.of(finding(KEY_TOO_SMALL, Severity.ERROR, c, null,
                "certificate " + c.commonName() + " has a " + c.keySize() + "-bit RSA key; at least " + MIN_RSA_BITS
                        + " bits are required"));
    }

    static List<Finding> sha1Signature(CertificateFacts c) {
        String algorithm = String.valueOf(c.signatureAlgorithm()).toUpperCase(Locale.ROOT);
        if (!algorithm.startsWith("SHA1") || c.selfSigned()) {
            return List.of();
        }
        return List.of(finding(SHA1_SIGNATURE, Severity.ERROR, c, null,
                "certificate " + c.commonName() + " is signed with " + c.signatureAlgorithm()
                        + ": SHA-1 signatures are rejected by current clients"));
    }

    /** A certificate on a slot that needs a public CA must respect the public validity cap of its issue date. */
    static List<Finding> validityOverPublicCap(CertificateFacts c, List<SlotUse> uses) {
        boolean publicSlot = uses.stream()
                .anyMatch(u -> u.roles().stream().anyMatch(r -> r.recommendedIssuer(u.internetFacing()) == ServerRole.RecommendedIssuer.PUBLIC));
        if (!publicSlot || c.selfSigned()) {
            return List.of();
        }
        long days = Duration.between(c.notBefore(), c.notAfter()).toDays();
        int cap = PublicValidityCap.maxDays(c.notBefore());
        if (days <= cap) {
            return List.of();
        }
        return List.of(finding(VALIDITY_OVER_PUBLIC_CAP, Severity.WARNING, c, null,
                "certificate " + c.commonName() + " is valid for " + days + " days; public certificates issued on "
                        + c.notBefore().toString().substring(0, 10) + " may be valid for at most " + cap + " days"));
    }

    /** IIS on a Client Access server takes exactly one certificate: it must have one. */
    static List<Finding> iisCertificateCount(ServerFacts s) {
        if (!s.roles().contains(ServerRole.CLIENT_ACCESS)) {
            return List.of();
        }
        long iis = s.slots().stream().filter(slot -> slot.service() == ServiceKind.IIS && !slot.retired()
                && slot.certificate() != null).count();
        if (iis == 1) {
            return List.of();
        }
        return List.of(new Finding(IIS_CERTIFICATE_COUNT, Severity.ERROR, "Client Access server " + s.fqdn()
                + " has " + iis + " certificates enabled for IIS; it must have exactly one", "server:" + s.fqdn(), s.fqdn(),
                ServiceKind.IIS));
    }

    /** A Hub Transport server needs a valid certificate for SMTP (TLS between sites is mandatory). */
    static List<Finding> hubSmtpCertificate(ServerFacts s) {
        if (!s.roles().contains(ServerRole.HUB_TRANSPORT)) {
            return List.of();
        }
        boolean valid = s.slots().stream().anyMatch(slot -> slot.service() == ServiceKind.SMTP && !slot.retired()
                && slot.certificate() != null && slot.certificate().notAfter().isAfter(s.now())
                && !slot.certificate().notBefore().isAfter(s.now()));
        if (valid) {
            return List.of();
        }
        return List.of(new Finding(HUB_SMTP_CERTIFICATE, Severity.ERROR, "Hub Transport server " + s.fqdn()
                + " has no valid certificate enabled for SMTP: TLS between Hubs and to Edge will fail",
                "server:" + s.fqdn(), s.fqdn(), ServiceKind.SMTP));
    }

    private static Finding finding(String rule, Severity severity, CertificateFacts c, SlotUse u, String message) {
        return finding(rule, severity, c, u, "", message);
    }

    private static Finding finding(String rule, Severity severity, CertificateFacts c, SlotUse u, String detail, String message) {
        String key = "certificate:" + c.id() + (u == null ? "" : "/" + u.server() + "/" + u.service())
                + (detail.isEmpty() ? "" : "/" + detail);
        return new Finding(rule, severity, message, key, u == null ? null : u.server(), u == null ? null : u.service());
    }

    private static String roles(SlotUse u) {
        return u.roles().stream().map(Enum::name).sorted().collect(Collectors.joining(", "));
    }
}
