package io.certlife.inventory.revocation;

import io.certlife.inventory.Certificate;
import io.certlife.inventory.CertificateRevocation;
import io.certlife.inventory.pki.CertificateReader;
import io.certlife.inventory.pki.OcspAnswer;
import io.certlife.inventory.config.DiscoveryConfig;
import io.certlife.inventory.policy.PlanningFacts.CrlState;
import io.certlife.inventory.policy.PlanningFacts.RevocationStatus;
import io.certlife.inventory.policy.PlanningRules;
import io.certlife.inventory.service.FindingsService;
import io.certlife.outbound.OutboundGuard;
import io.certlife.outbound.OutboundRefused;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The revocation check of every certificate the slots intend, run after each discovery run over the slots (so on
 * {@code certlife.discovery.interval}): each HTTP CRL distribution point is fetched once per run through the outbound
 * guard and read ({@link CrlReader}); each certificate is asked about at the OCSP responder its AIA names
 * ({@link OcspAnswer}), else judged by its issuer's CRLs. Unknown is recorded as unknown, with why. Findings of
 * certificates whose status or CRL state changed are re-evaluated.
 */
@ApplicationScoped
public class RevocationChecks {

    /** A certificate in use, with its issuer's certificate when the inventory holds it. */
    record InUse(UUID id, X509Certificate certificate, X509Certificate issuer, List<String> crlUrls, List<String> responders,
                 boolean selfSigned) {
    }

    @Inject
    OutboundGuard guard;

    @Inject
    DiscoveryConfig config;

    @Inject
    FindingsService findings;

    @Inject
    EntityManager entityManager;

    @Inject
    Clock clock;

    public void run() {
        record Loaded(List<InUse> inUse, List<X509Certificate> authorities) {
        }
        Loaded loaded = QuarkusTransaction.requiringNew().call(() -> {
            List<Certificate> certificates = inUse();
            List<X509Certificate> authorities = authorities(certificates);
            return new Loaded(certificates.stream().map(c -> inUse(c, authorities)).toList(), authorities);
        });
        if (loaded.inUse().isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Set<String> urls = loaded.inUse().stream().flatMap(c -> c.crlUrls().stream()).collect(Collectors.toCollection(LinkedHashSet::new));
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(config.concurrency(), loaded.inUse().size() + urls.size())));
        try {
            Map<String, CrlReader.Read> crls = inParallel(urls, url -> fetchCrl(url, loaded.authorities(), now), pool);
            Map<InUse, Verdict> statuses = inParallel(loaded.inUse(), c -> status(c, crls, now), pool);
            QuarkusTransaction.requiringNew().run(() -> record(crls, statuses, now));
        } finally {
            pool.shutdownNow();
        }
    }

    private static <K, V> Map<K, V> inParallel(Collection<K> keys, Function<K, V> work, ExecutorService pool) {
        Map<K, CompletableFuture<V>> pending = keys.stream().collect(Collectors.toMap(key -> key,
                key -> CompletableFuture.supplyAsync(() -> work.apply(key), pool)));
        return pending.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().join()));
    }

    @SuppressWarnings("unchecked")
    private List<Certificate> inUse() {
        return entityManager.createNativeQuery("""
                select c.* from {h-schema}certificate c
                where exists (select 1 from {h-schema}slot s where not s.retired
                              and (s.certificate_id = c.id or s.pending_certificate_id = c.id))""", Certificate.class)
                .getResultList();
    }

    /** The CA certificates the inventory holds that are named as the issuer of a certificate in use. */
    private static List<X509Certificate> authorities(List<Certificate> inUse) {
        Set<String> issuers = inUse.stream().map(c -> c.issuer).collect(Collectors.toSet());
        return Certificate.<Certificate>list("certificateAuthority = true and subject in ?1", issuers).stream()
                .map(c -> CertificateReader.x509(c.der)).toList();
    }

    private static InUse inUse(Certificate c, List<X509Certificate> authorities) {
        X509Certificate certificate = CertificateReader.x509(c.der);
        List<String> crls = c.crlDistributionPoints.stream().filter(url -> url.toLowerCase(Locale.ROOT).startsWith("http"))
                .filter(url -> url.length() <= PlanningRules.MAX_CRL_URL_LENGTH).toList();
        List<String> responders = c.authorityInfoAccess.stream().filter(aia -> aia.startsWith("OCSP - "))
                .map(aia -> aia.substring("OCSP - ".length())).filter(url -> url.toLowerCase(Locale.ROOT).startsWith("http")).toList();
        return new InUse(c.id, certificate, c.selfSigned ? null : issuerOf(c, certificate, authorities), crls, responders, c.selfSigned);
    }

    /**
     * The issuer's certificate: the first of the chain imported with it, else one of the authorities (the CA
     * certificates held under the issuers' names) whose key verifies it.
     */
    private static X509Certificate issuerOf(Certificate c, X509Certificate certificate, List<X509Certificate> authorities) {
        List<X509Certificate> candidates = new ArrayList<>();
        if (!c.chainThumbprints.isEmpty()) {
            Certificate.findByThumbprint(c.chainThumbprints.get(0)).ifPresent(first -> candidates.add(CertificateReader.x509(first.der)));
        }
        authorities.stream().filter(authority -> authority.getSubjectX500Principal().equals(certificate.getIssuerX500Principal()))
                .forEach(candidates::add);
        for (X509Certificate issuer : candidates) {
            try {
                certificate.verify(issuer.getPublicKey());
                return issuer;
            } catch (GeneralSecurityException | RuntimeException e) {
                // not this one
            }
        }
        return null;
    }

    private CrlReader.Read fetchCrl(String url, List<X509Certificate> authorities, Instant now) {
        try {
            OutboundGuard.Fetched fetched = guard.get(URI.create(url));
            if (fetched.status() / 100 != 2) {
                return new CrlReader.Read(CrlState.UNREACHABLE, "HTTP " + fetched.status(), null, null, null);
            }
            return CrlReader.read(fetched.body(), authorities, now);
        } catch (IllegalArgumentException e) {
            return new CrlReader.Read(CrlState.UNREACHABLE, "not a valid URL: " + e.getMessage(), null, null, null);
        } catch (OutboundRefused e) {
            return new CrlReader.Read(CrlState.UNREACHABLE, "refused by the outbound guard: " + e.getMessage(), null, null, null);
        } catch (IOException e) {
            return new CrlReader.Read(CrlState.UNREACHABLE, e.getClass().getSimpleName() + ": " + e.getMessage(), null, null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CrlReader.Read(CrlState.UNREACHABLE, "interrupted", null, null, null);
        }
    }

    /** OCSP where the AIA names a responder and it gives a believable answer, else the issuer's CRLs, else unknown. */
    private Verdict status(InUse c, Map<String, CrlReader.Read> crls, Instant now) {
        if (c.selfSigned()) {
            return Verdict.unknown("self-signed: there is no CA to ask");
        }
        if (c.issuer() == null) {
            return Verdict.unknown("the certificate of its issuer " + c.certificate().getIssuerX500Principal().getName()
                    + " is not in the inventory (import the chain with it)");
        }
        List<String> why = new ArrayList<>();
        for (String responder : c.responders()) {
            Verdict answer = ask(responder, c, now);
            if (answer.status() != RevocationStatus.UNKNOWN) {
                return answer;
            }
            why.add("OCSP " + responder + ": " + answer.detail());
        }
        for (String url : c.crlUrls()) {
            CrlReader.Read read = crls.get(url);
            if (read.crl() == null || read.signer() == null || !read.signer().equals(c.issuer())) {
                why.add("CRL " + url + ": " + (read.crl() == null ? read.detail() : "not signed by the certificate's issuer"));
                continue;
            }
            X509CRLEntry entry = read.crl().getRevokedCertificate(c.certificate());
            if (entry != null) {
                Instant at = entry.getRevocationDate().toInstant();
                String reason = entry.getRevocationReason() == null ? "" : ", reason " + entry.getRevocationReason();
                return new Verdict(RevocationStatus.REVOKED, CertificateRevocation.Source.CRL, "revoked at " + at + reason
                        + " according to the CRL at " + url + unanswered(why), at);
            }
            if (read.state() == CrlState.CURRENT) {
                return new Verdict(RevocationStatus.GOOD, CertificateRevocation.Source.CRL, "not on the CRL at " + url
                        + (read.nextUpdate() == null ? "" : " (next update " + read.nextUpdate() + ")") + unanswered(why), null);
            }
            why.add("CRL " + url + ": " + read.detail());
        }
        return Verdict.unknown(why.isEmpty() ? "the certificate names no HTTP OCSP responder and no HTTP CRL"
                : String.join("; ", why));
    }

    /** Why OCSP (or an earlier CRL) could not say, after the verdict of the CRL that could. */
    private static String unanswered(List<String> why) {
        return why.isEmpty() ? "" : "; " + String.join("; ", why);
    }

    private Verdict ask(String responder, InUse c, Instant now) {
        OcspAnswer.Request request = OcspAnswer.request(c.certificate(), c.issuer());
        try {
            OutboundGuard.Fetched fetched = guard.post(URI.create(responder), "application/ocsp-request", request.encoded());
            if (fetched.status() / 100 != 2) {
                return Verdict.unknown("HTTP " + fetched.status());
            }
            return Verdict.of(OcspAnswer.read(request, fetched.body(), now));
        } catch (IllegalArgumentException e) {
            return Verdict.unknown("not a valid URL: " + e.getMessage());
        } catch (OutboundRefused e) {
            return Verdict.unknown("refused by the outbound guard: " + e.getMessage());
        } catch (IOException e) {
            return Verdict.unknown(e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Verdict.unknown("interrupted");
        }
    }

    private void record(Map<String, CrlReader.Read> crls, Map<InUse, Verdict> statuses, Instant now) {
        Set<UUID> affected = new LinkedHashSet<>();
        Map<String, String> before = new HashMap<>();
        if (!crls.isEmpty()) {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = entityManager.createNativeQuery("select url, state from {h-schema}crl_check where url in (:urls)")
                    .setParameter("urls", crls.keySet()).getResultList();
            rows.forEach(row -> before.put((String) row[0], (String) row[1]));
        }
        List<String> changed = new ArrayList<>();
        crls.forEach((url, read) -> {
            entityManager.createNativeQuery("""
                            insert into {h-schema}crl_check (url, state, detail, next_update, checked_at)
                            values (:url, :state, :detail, :nextUpdate, :at)
                            on conflict (url) do update set state = excluded.state, detail = excluded.detail,
                              next_update = excluded.next_update, checked_at = excluded.checked_at""")
                    .setParameter("url", url).setParameter("state", read.state().name()).setParameter("detail", read.detail())
                    .setParameter("nextUpdate", read.nextUpdate()).setParameter("at", now)
                    .executeUpdate();
            if (!read.state().name().equals(before.get(url))) {
                changed.add(url);
            }
        });
        if (!changed.isEmpty()) {
            @SuppressWarnings("unchecked")
            List<UUID> ids = entityManager.createNativeQuery(
                            "select id from {h-schema}certificate where crl_distribution_points && cast(:urls as text[])", UUID.class)
                    .setParameter("urls", changed.toArray(new String[0])).getResultList();
            affected.addAll(ids);
        }
        statuses.forEach((c, status) -> {
            CertificateRevocation found = CertificateRevocation.findById(c.id());
            CertificateRevocation row = found == null ? new CertificateRevocation() : found;
            if (row.status != status.status()) {
                affected.add(c.id());
            }
            row.certificateId = c.id();
            row.status = status.status();
            row.source = status.source();
            row.detail = status.detail();
            row.revokedAt = status.revokedAt();
            row.checkedAt = now;
            if (found == null) {
                row.persist();
            }
        });
        if (!affected.isEmpty()) {
            findings.evaluate(List.copyOf(affected), List.of());
        }
    }
}
