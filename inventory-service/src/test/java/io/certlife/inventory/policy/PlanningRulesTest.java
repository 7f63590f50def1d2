package io.certlife.inventory.policy;

import io.certlife.events.ServerOs;
import io.certlife.events.ServerRole;
import io.certlife.events.ServiceKind;
import io.certlife.events.Severity;
import io.certlife.inventory.policy.PlanningFacts.CertificateFacts;
import io.certlife.inventory.policy.PlanningFacts.CrlProblem;
import io.certlife.inventory.policy.PlanningFacts.CrlState;
import io.certlife.inventory.policy.PlanningFacts.NamespaceUse;
import io.certlife.inventory.policy.PlanningFacts.PublishingUse;
import io.certlife.inventory.policy.PlanningFacts.RevocationFacts;
import io.certlife.inventory.policy.PlanningFacts.RevocationStatus;
import io.certlife.inventory.policy.PlanningFacts.ServerFacts;
import io.certlife.inventory.policy.PlanningFacts.SlotCertificate;
import io.certlife.inventory.policy.PlanningFacts.SlotUse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every planning rule, case by named case: the rule ids a situation raises (or none). */
class PlanningRulesTest {

    static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");

    /** A well-formed public SAN certificate for the CAS namespaces, with an exportable key. */
    static CertificateFacts good() {
        return new CertificateFacts(UUID.fromString("00000000-0000-0000-0000-000000000001"), "mail.contoso.com",
                List.of("mail.contoso.com", "autodiscover.contoso.com", "pop.contoso.com"), "RSA", 2048, "SHA256withRSA",
                List.of("SHA256withRSA"), false, false, NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(150)),
                true, List.of("http://crl.example-ca.com/ca.crl"),
                new RevocationFacts(List.of(), RevocationStatus.GOOD, "not on the CRL"), true);
    }

    static CertificateFacts with(UnaryOperator<Builder> change) {
        return change.apply(new Builder(good())).build();
    }

    static SlotUse cas(ServiceKind service, List<NamespaceUse> namespaces, List<PublishingUse> rules) {
        return new SlotUse("cas01.contoso.com", service, Set.of(ServerRole.CLIENT_ACCESS), true, ServerOs.WINDOWS_SERVER_2008,
                namespaces, rules);
    }

    static SlotUse internalHub() {
        return new SlotUse("hub01.contoso.com", ServiceKind.SMTP, Set.of(ServerRole.HUB_TRANSPORT), false,
                ServerOs.WINDOWS_SERVER_2008, List.of(), List.of());
    }

    static SlotUse internalCasPop(List<NamespaceUse> namespaces) {
        return new SlotUse("cas02.contoso.com", ServiceKind.POP, Set.of(ServerRole.CLIENT_ACCESS), false,
                ServerOs.WINDOWS_SERVER_2008, namespaces, List.of());
    }

    static final NamespaceUse MAIL = new NamespaceUse("mail.contoso.com", Set.of(ClientProfile.OUTLOOK, ClientProfile.OWA_BROWSER));
    static final NamespaceUse MAIL_WM6 = new NamespaceUse("mail.contoso.com",
            Set.of(ClientProfile.OUTLOOK, ClientProfile.ACTIVESYNC_WINDOWS_MOBILE_6));
    static final NamespaceUse IMAP = new NamespaceUse("imap.contoso.com", Set.of(ClientProfile.POP_IMAP_CLIENT));
    static final NamespaceUse POP = new NamespaceUse("pop.contoso.com", Set.of(ClientProfile.POP_IMAP_CLIENT));
    static final PublishingUse OWA = new PublishingUse("isa01.contoso.com", "OWA", "mail.contoso.com", ServerOs.WINDOWS_SERVER_2003);

    static Stream<Arguments> certificateCases() {
        return Stream.of(
                Arguments.of("public SAN certificate on an internet-facing CAS published by ISA: clean",
                        good(), List.of(cas(ServiceKind.IIS, List.of(MAIL_WM6), List.of(OWA))), List.of()),
                Arguments.of("self-signed on an internet-facing CAS: public issuer required",
                        with(b -> b.selfSigned(true)), List.of(cas(ServiceKind.IIS, List.of(MAIL), List.of())),
                        List.of(PlanningRules.PUBLIC_ISSUER_REQUIRED)),
                Arguments.of("self-signed on an internal Hub for SMTP: fine",
                        with(b -> b.selfSigned(true).names("hub01", List.of("hub01", "hub01.contoso.com"))),
                        List.of(internalHub()), List.of()),
                Arguments.of("self-signed on Edge: public issuer required",
                        with(b -> b.selfSigned(true)), List.of(new SlotUse("edge01.contoso.com", ServiceKind.SMTP,
                                Set.of(ServerRole.EDGE_TRANSPORT), true, ServerOs.WINDOWS_SERVER_2008, List.of(), List.of())),
                        List.of(PlanningRules.PUBLIC_ISSUER_REQUIRED)),
                Arguments.of("namespace missing from the SANs",
                        with(b -> b.names("mail.contoso.com", List.of("mail.contoso.com"))),
                        List.of(internalCasPop(List.of(POP))), List.of(PlanningRules.NAMESPACE_NOT_COVERED)),
                Arguments.of("namespace in the subject CN only is covered",
                        with(b -> b.names("pop.contoso.com", List.of())), List.of(internalCasPop(List.of(POP))),
                        List.of()),
                Arguments.of("wildcard for a namespace that Windows Mobile 6 uses",
                        with(b -> b.names("*.contoso.com", List.of("*.contoso.com"))),
                        List.of(new SlotUse("cas02.contoso.com", ServiceKind.IIS, Set.of(ServerRole.CLIENT_ACCESS), false,
                                ServerOs.WINDOWS_SERVER_2008, List.of(MAIL_WM6), List.of())),
                        List.of(PlanningRules.WILDCARD_CLIENT_UNSUPPORTED)),
                Arguments.of("wildcard for Outlook and OWA only: fine",
                        with(b -> b.names("*.contoso.com", List.of("*.contoso.com"))),
                        List.of(new SlotUse("cas02.contoso.com", ServiceKind.IIS, Set.of(ServerRole.CLIENT_ACCESS), false,
                                ServerOs.WINDOWS_SERVER_2008, List.of(MAIL), List.of())),
                        List.of()),
                Arguments.of("wildcard does not cover two labels",
                        with(b -> b.names("*.contoso.com", List.of("*.contoso.com"))),
                        List.of(new SlotUse("cas02.contoso.com", ServiceKind.IIS, Set.of(ServerRole.CLIENT_ACCESS), false,
                                ServerOs.WINDOWS_SERVER_2008, List.of(new NamespaceUse("a.mail.contoso.com",
                                Set.of(ClientProfile.OUTLOOK))), List.of())),
                        List.of(PlanningRules.NAMESPACE_NOT_COVERED)),
                Arguments.of("wildcard enabled for IMAP (KB948896), IMAP clients refuse it too",
                        with(b -> b.names("*.contoso.com", List.of("*.contoso.com"))),
                        List.of(new SlotUse("cas02.contoso.com", ServiceKind.IMAP, Set.of(ServerRole.CLIENT_ACCESS), false,
                                ServerOs.WINDOWS_SERVER_2008, List.of(IMAP), List.of())),
                        List.of(PlanningRules.WILDCARD_CLIENT_UNSUPPORTED, PlanningRules.WILDCARD_MAIL_RETRIEVAL)),
                Arguments.of("ISA publishes a host name that is only the second SAN",
                        with(b -> b.names("cas01.contoso.com", List.of("cas01.contoso.com", "mail.contoso.com"))),
                        List.of(cas(ServiceKind.IIS, List.of(MAIL), List.of(OWA))),
                        List.of(PlanningRules.ISA_FIRST_SAN)),
                Arguments.of("ISA host name equal to the CN with another first SAN: fine",
                        with(b -> b.names("mail.contoso.com", List.of("autodiscover.contoso.com", "mail.contoso.com"))),
                        List.of(cas(ServiceKind.IIS, List.of(MAIL), List.of(OWA))), List.of()),
                Arguments.of("SHA-512 chain for a Windows Mobile 6 namespace",
                        with(b -> b.chain(List.of("SHA512withRSA"))),
                        List.of(cas(ServiceKind.IIS, List.of(MAIL_WM6), List.of())),
                        List.of(PlanningRules.SHA512_CHAIN_CLIENT_UNSUPPORTED)),
                Arguments.of("ECDSA key published by ISA 2006 on Windows Server 2003",
                        with(b -> b.key("EC", 256)), List.of(cas(ServiceKind.IIS, List.of(MAIL), List.of(OWA))),
                        List.of(PlanningRules.ECDSA_UNSUPPORTED)),
                Arguments.of("ECDSA key on a modern internal server: fine",
                        with(b -> b.key("EC", 256)), List.of(new SlotUse("cas09.contoso.com", ServiceKind.IIS,
                                Set.of(ServerRole.CLIENT_ACCESS), false, ServerOs.WINDOWS_SERVER_2022, List.of(MAIL), List.of())),
                        List.of()),
                Arguments.of("published by ISA with a non-exportable key",
                        with(b -> b.exportable(false)), List.of(cas(ServiceKind.IIS, List.of(MAIL), List.of(OWA))),
                        List.of(PlanningRules.EXPORTABLE_KEY_REQUIRED)),
                Arguments.of("non-exportable key that nothing publishes: fine",
                        with(b -> b.exportable(false)), List.of(cas(ServiceKind.IIS, List.of(MAIL), List.of())), List.of()),
                Arguments.of("LDAP-only CRL distribution point",
                        with(b -> b.cdps(List.of("ldap:///CN=Contoso-CA,CN=CDP,DC=contoso,DC=com"))),
                        List.of(internalHub()), List.of(PlanningRules.CRL_LDAP_ONLY)),
                Arguments.of("LDAP and HTTP CRL distribution points: fine",
                        with(b -> b.cdps(List.of("ldap:///CN=Contoso-CA", "http://pki.contoso.com/ca.crl"))),
                        List.of(internalHub()), List.of()),
                Arguments.of("HTTP CRL distribution point that did not answer",
                        with(b -> b.crl(CrlState.UNREACHABLE)), List.of(internalHub()), List.of(PlanningRules.CRL_UNREACHABLE)),
                Arguments.of("HTTP CRL distribution point that serves something else than the issuer's CRL",
                        with(b -> b.crl(CrlState.UNREADABLE)), List.of(internalHub()), List.of(PlanningRules.CRL_UNREADABLE)),
                Arguments.of("HTTP CRL distribution point whose CRL is past its next update",
                        with(b -> b.crl(CrlState.STALE)), List.of(internalHub()), List.of(PlanningRules.CRL_STALE)),
                Arguments.of("revoked certificate", with(b -> b.revocation(new RevocationFacts(List.of(), RevocationStatus.REVOKED,
                        "revoked at 2026-11-01T00:00:00Z according to OCSP"))), List.of(), List.of(PlanningRules.REVOKED)),
                Arguments.of("a CA-issued certificate that does not chain to a trust anchor", with(b -> b.trusted(false)),
                        List.of(internalHub()), List.of(PlanningRules.UNTRUSTED_CHAIN)),
                Arguments.of("trust unknown (no anchors, or the issuer not held): not a finding", with(b -> b.trusted(null)),
                        List.of(internalHub()), List.of()),
                Arguments.of("revocation status unknown: stated, not a finding", with(b -> b.revocation(RevocationFacts.NOT_CHECKED)),
                        List.of(), List.of()),
                Arguments.of("1024-bit RSA key", with(b -> b.key("RSA", 1024)), List.of(), List.of(PlanningRules.KEY_TOO_SMALL)),
                Arguments.of("SHA-1 signature from a CA", with(b -> b.signature("SHA1withRSA")), List.of(),
                        List.of(PlanningRules.SHA1_SIGNATURE)),
                Arguments.of("SHA-1 self-signature: nobody checks it", with(b -> b.signature("SHA1withRSA").selfSigned(true)),
                        List.of(), List.of()),
                Arguments.of("public certificate issued after 2026-03-15 valid 365 days",
                        with(b -> b.validity(Instant.parse("2026-06-01T00:00:00Z"), Duration.ofDays(365))),
                        List.of(cas(ServiceKind.IIS, List.of(MAIL), List.of())),
                        List.of(PlanningRules.VALIDITY_OVER_PUBLIC_CAP)),
                Arguments.of("public certificate issued before 2026-03-15 valid 397 days: fine",
                        with(b -> b.validity(Instant.parse("2026-03-01T00:00:00Z"), Duration.ofDays(397))),
                        List.of(cas(ServiceKind.IIS, List.of(MAIL), List.of())), List.of()),
                Arguments.of("internal certificate valid 3 years: no public cap",
                        with(b -> b.validity(Instant.parse("2026-06-01T00:00:00Z"), Duration.ofDays(1095))),
                        List.of(internalHub()), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("certificateCases")
    void certificateRules(String name, CertificateFacts certificate, List<SlotUse> uses, List<String> expected) {
        List<Finding> findings = PlanningRules.checkCertificate(certificate, uses);
        assertThat(findings).extracting(Finding::ruleId).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(findings).allSatisfy(f -> assertThat(f.message()).isNotBlank());
        assertThat(findings).extracting(Finding::subjectKey).doesNotHaveDuplicates();
    }

    static Stream<Arguments> serverCases() {
        CertificateFacts valid = good();
        CertificateFacts expired = with(b -> b.validity(NOW.minus(Duration.ofDays(400)), Duration.ofDays(365)));
        return Stream.of(
                Arguments.of("CAS with one IIS certificate", Set.of(ServerRole.CLIENT_ACCESS),
                        List.of(new SlotCertificate(ServiceKind.IIS, valid, false)), List.of()),
                Arguments.of("CAS without an IIS certificate", Set.of(ServerRole.CLIENT_ACCESS),
                        List.of(new SlotCertificate(ServiceKind.POP, valid, false)), List.of(PlanningRules.IIS_CERTIFICATE_COUNT)),
                Arguments.of("CAS whose IIS slot is retired", Set.of(ServerRole.CLIENT_ACCESS),
                        List.of(new SlotCertificate(ServiceKind.IIS, valid, true)), List.of(PlanningRules.IIS_CERTIFICATE_COUNT)),
                Arguments.of("Hub with a valid SMTP certificate", Set.of(ServerRole.HUB_TRANSPORT),
                        List.of(new SlotCertificate(ServiceKind.SMTP, valid, false)), List.of()),
                Arguments.of("Hub whose SMTP certificate expired", Set.of(ServerRole.HUB_TRANSPORT),
                        List.of(new SlotCertificate(ServiceKind.SMTP, expired, false)), List.of(PlanningRules.HUB_SMTP_CERTIFICATE)),
                Arguments.of("Hub with no SMTP slot", Set.of(ServerRole.HUB_TRANSPORT), List.of(),
                        List.of(PlanningRules.HUB_SMTP_CERTIFICATE)),
                Arguments.of("Mailbox needs nothing", Set.of(ServerRole.MAILBOX), List.of(), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serverCases")
    void serverRules(String name, Set<ServerRole> roles, List<SlotCertificate> slots, List<String> expected) {
        List<Finding> findings = PlanningRules.checkServer(new ServerFacts("srv.contoso.com", roles, slots, NOW));
        assertThat(findings).extracting(Finding::ruleId).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(findings).allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.ERROR));
    }

    /** Builds variations of {@link #good()}. */
    static final class Builder {
        private CertificateFacts c;

        Builder(CertificateFacts c) {
            this.c = c;
        }

        Builder selfSigned(boolean selfSigned) {
            c = new CertificateFacts(c.id(), c.commonName(), c.subjectAltNames(), c.keyAlgorithm(), c.keySize(),
                    c.signatureAlgorithm(), c.chainSignatureAlgorithms(), selfSigned, false, c.notBefore(), c.notAfter(),
                    c.privateKeyExportable(), c.crlDistributionPoints(), c.revocation(), c.trusted());
            return this;
        }

        Builder names(String cn, List<String> sans) {
            c = new CertificateFacts(c.id(), cn, sans, c.keyAlgorithm(), c.keySize(), c.signatureAlgorithm(),
                    c.chainSignatureAlgorithms(), c.selfSigned(), false, c.notBefore(), c.notAfter(), c.privateKeyExportable(),
                    c.crlDistributionPoints(), c.revocation(), c.trusted());
            return this;
        }

        Builder key(String algorithm, int size) {
            c = new CertificateFacts(c.id(), c.commonName(), c.subjectAltNames(), algorithm, size, c.signatureAlgorithm(),
                    c.chainSignatureAlgorithms(), c.selfSigned(), false, c.notBefore(), c.notAfter(), c.privateKeyExportable(),
                    c.crlDistributionPoints(), c.revocation(), c.trusted());
            return this;
        }

        Builder signature(String algorithm) {
            c = new CertificateFacts(c.id(), c.commonName(), c.subjectAltNames(), c.keyAlgorithm(), c.keySize(), algorithm,
                    c.chainSignatureAlgorithms(), c.selfSigned(), false, c.notBefore(), c.notAfter(), c.privateKeyExportable(),
                    c.crlDistributionPoints(), c.revocation(), c.trusted());
            return this;
        }

        Builder chain(List<String> algorithms) {
            c = new CertificateFacts(c.id(), c.commonName(), c.subjectAltNames(), c.keyAlgorithm(), c.keySize(),
                    c.signatureAlgorithm(), algorithms, c.selfSigned(), false, c.notBefore(), c.notAfter(),
                    c.privateKeyExportable(), c.crlDistributionPoints(), c.revocation(), c.trusted());
            return this;
        }

        Builder exportable(Boolean exportable) {
            c = new CertificateFacts(c.id(), c.commonName(), c.subjectAltNames(), c.keyAlgorithm(), c.keySize(),
                    c.signatureAlgorithm(), c.chainSignatureAlgorithms(), c.selfSigned(), false, c.notBefore(), c.notAfter(),
                    exportable, c.crlDistributionPoints(), c.revocation(), c.trusted());
            return this;
        }

        Builder cdps(List<String> cdps) {
            c = new CertificateFacts(c.id(), c.commonName(), c.subjectAltNames(), c.keyAlgorithm(), c.keySize(),
                    c.signatureAlgorithm(), c.chainSignatureAlgorithms(), c.selfSigned(), false, c.notBefore(), c.notAfter(),
                    c.privateKeyExportable(), cdps, c.revocation(), c.trusted());
            return this;
        }

        Builder validity(Instant notBefore, Duration lifetime) {
            c = new CertificateFacts(c.id(), c.commonName(), c.subjectAltNames(), c.keyAlgorithm(), c.keySize(),
                    c.signatureAlgorithm(), c.chainSignatureAlgorithms(), c.selfSigned(), false, notBefore,
                    notBefore.plus(lifetime), c.privateKeyExportable(), c.crlDistributionPoints(), c.revocation(), c.trusted());
            return this;
        }

        Builder crl(CrlState state) {
            return revocation(new RevocationFacts(List.of(new CrlProblem("http://crl.example-ca.com/ca.crl", state, "why")),
                    RevocationStatus.UNKNOWN, "the CRL could not say"));
        }

        Builder trusted(Boolean trusted) {
            c = new CertificateFacts(c.id(), c.commonName(), c.subjectAltNames(), c.keyAlgorithm(), c.keySize(),
                    c.signatureAlgorithm(), c.chainSignatureAlgorithms(), c.selfSigned(), false, c.notBefore(), c.notAfter(),
                    c.privateKeyExportable(), c.crlDistributionPoints(), c.revocation(), trusted);
            return this;
        }

        Builder revocation(RevocationFacts revocation) {
            c = new CertificateFacts(c.id(), c.commonName(), c.subjectAltNames(), c.keyAlgorithm(), c.keySize(),
                    c.signatureAlgorithm(), c.chainSignatureAlgorithms(), c.selfSigned(), false, c.notBefore(), c.notAfter(),
                    c.privateKeyExportable(), c.crlDistributionPoints(), revocation, c.trusted());
            return this;
        }

        CertificateFacts build() {
            return c;
        }
    }
}
