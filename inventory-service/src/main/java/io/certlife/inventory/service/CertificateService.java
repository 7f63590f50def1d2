package io.certlife.inventory.service;

import io.certlife.delivery.Outbox;
import io.certlife.events.CertificateDiscoveredV1;
import io.certlife.events.CertificateIssuedV1;
import io.certlife.events.CloudEvent;
import io.certlife.inventory.Certificate;
import io.certlife.inventory.Refusal;
import io.certlife.inventory.Slot;
import io.certlife.inventory.config.ImportConfig;
import io.certlife.inventory.pki.CertificateParseException;
import io.certlife.inventory.pki.CertificateReader;
import io.certlife.inventory.pki.ParsedCertificate;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.hibernate.FlushMode;
import org.hibernate.Session;

/**
 * Imports and updates certificates: parses all input first (so bad input writes nothing), stores the ones
 * not yet known, emits {@code CertificateDiscovered} for each new one through the outbox, and evaluates
 * the planning rules for it.
 */
@ApplicationScoped
public class CertificateService {

    /** One imported certificate and whether this import created it. */
    public record Imported(Certificate certificate, boolean created) {
    }

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Inject
    RenewalScheduler renewals;

    @Inject
    FindingsService findings;

    @Inject
    TrustAnchors trust;

    @Inject
    LifecycleNotices lifecycle;

    @Inject
    ImportConfig config;

    @Inject
    EntityManager entityManager;

    /** The certificates of one import, and whether a private key in the input was discarded. */
    public record ImportResult(List<Imported> certificates, boolean privateKeyDiscarded) {
    }

    /**
     * Imports the certificates of one or more files (PEM, DER, PKCS#7, PKCS#12 with {@code password}): every file is
     * parsed before anything is written, so one bad file writes nothing; then they are stored in one transaction, a page
     * ({@code certlife.import.page-size}) at a time: each page is flushed and let go of, so that the session (and the
     * dirty checking of every flush) stays the size of a page however large the import. CA certificates found beside a
     * leaf become its chain.
     */
    @Transactional
    public ImportResult importCertificates(List<NamedInput> files, char[] password, Certificate.Source source) {
        List<ParsedCertificate> parsed = new ArrayList<>();
        boolean key = false;
        for (NamedInput file : files) {
            try {
                CertificateReader.Contents contents = CertificateReader.read(file.content(), password, limits());
                // each file holds at most max-certificates (the reader's limit); the import, at most max-files files and
                // max-bulk-bytes in all
                parsed.addAll(contents.certificates());
                key |= contents.privateKeyIgnored();
            } catch (CertificateParseException e) {
                throw files.size() == 1 ? e : new CertificateParseException(file.name() + ": " + e.getMessage(), e);
            }
        }
        cachedSummary = null;
        List<Imported> result = new ArrayList<>(parsed.size());
        for (int from = 0; from < parsed.size(); from += config.pageSize()) {
            result.addAll(store(parsed.subList(from, Math.min(parsed.size(), from + config.pageSize())), parsed, source));
            entityManager.flush();
            entityManager.clear();
        }
        return new ImportResult(result, key);
    }

    /** Stores one page of an import; {@code all} is the whole import, where chains are looked for. */
    private List<Imported> store(List<ParsedCertificate> page, List<ParsedCertificate> all, Certificate.Source source) {
        // the known ones in one query, and no flush before each query the loop makes: the session would be dirty-checked
        // once per certificate, which grows with the square of the page; the new rows are flushed once, before the
        // trust and policy checks read them
        Session session = entityManager.unwrap(Session.class);
        FlushMode flushMode = session.getHibernateFlushMode();
        session.setHibernateFlushMode(FlushMode.COMMIT);
        Map<String, Certificate> known = new HashMap<>();
        Certificate.<Certificate>list("thumbprintSha1 in ?1", page.stream().map(ParsedCertificate::thumbprintSha1).distinct().toList())
                .forEach(existing -> known.put(existing.thumbprintSha1, existing));
        List<Imported> result = new ArrayList<>(page.size());
        List<CloudEvent<?>> discovered = new ArrayList<>();
        for (ParsedCertificate certificate : page) {
            Certificate existing = known.get(certificate.thumbprintSha1());
            if (existing != null) {
                result.add(new Imported(existing, false));
            } else {
                Certificate stored = store(UUID.randomUUID(), certificate, source, chain(certificate, all), null, discovered);
                known.put(stored.thumbprintSha1, stored);
                result.add(new Imported(stored, true));
            }
        }
        outbox.publishAll(discovered);
        session.flush();
        List<Certificate> created = result.stream().filter(Imported::created).map(Imported::certificate).toList();
        trust.decide(created);
        findings.evaluateNew(created);
        session.setHibernateFlushMode(flushMode);
        return result;
    }

    private CertificateReader.Limits limits() {
        return new CertificateReader.Limits(config.maxPkcs12Iterations(), config.maxCertificates(), config.maxSubjectAltNames());
    }

    /** One input file and the name it is reported by. */
    public record NamedInput(String name, byte[] content) {
    }

    /** The issuing chain of a certificate among those imported with it, issuer first. */
    static List<String> chain(ParsedCertificate leaf, List<ParsedCertificate> all) {
        List<String> chain = new ArrayList<>();
        ParsedCertificate current = leaf;
        while (chain.size() < 10 && !current.subject().equals(current.issuer())) {
            String issuer = current.issuer();
            ParsedCertificate next = all.stream().filter(c -> c.certificateAuthority() && c.subject().equals(issuer))
                    .findFirst().orElse(null);
            if (next == null || chain.contains(next.thumbprintSha1())) {
                break;
            }
            chain.add(next.thumbprintSha1());
            current = next;
        }
        return chain;
    }

    /**
     * Registers a certificate renewal issued: the new certificate replaces the old one, is stored as the
     * pending certificate of the old one's slots (intended once discovery sees it served), and the findings
     * of both are re-evaluated.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Certificate registerIssued(CertificateIssuedV1 issued) {
        cachedSummary = null;
        Certificate old = Certificate.findById(UUID.fromString(issued.replacesCertificateId()));
        List<ParsedCertificate> parsed = new ArrayList<>(CertificateReader.read(
                issued.certificatePem().getBytes(StandardCharsets.US_ASCII), null, limits()).certificates());
        for (String pem : issued.chainPem()) {
            parsed.addAll(CertificateReader.read(pem.getBytes(StandardCharsets.US_ASCII), null, limits())
                    .certificates());
        }
        ParsedCertificate leaf = parsed.get(0);
        List<UUID> evaluate = new ArrayList<>();
        List<CloudEvent<?>> discovered = new ArrayList<>();
        for (ParsedCertificate other : parsed.subList(1, parsed.size())) {
            if (Certificate.findByThumbprint(other.thumbprintSha1()).isEmpty()) {
                evaluate.add(store(UUID.randomUUID(), other, Certificate.Source.ISSUED, List.of(), null, discovered).id);
            }
        }
        Certificate replacement = Certificate.findByThumbprint(leaf.thumbprintSha1())
                // the id renewal-service gave it, so that every service names the new certificate alike
                .orElseGet(() -> store(UUID.fromString(issued.certificate().certificateId()), leaf, Certificate.Source.ISSUED,
                        chain(leaf, parsed), old, discovered));
        outbox.publishAll(discovered);
        replacement.privateKeyExportable = issued.exportableKey();
        if (old != null) {
            lifecycle.acknowledgeRenewal(old.id);
            for (Slot slot : Slot.ofCertificate(old.id)) {
                if (old.id.equals(slot.certificateId)) {
                    slot.pendingCertificateId = replacement.id;
                }
            }
        }
        trust.decide(List.of(replacement));
        evaluate.add(replacement.id);
        if (old != null) {
            evaluate.add(old.id);
        }
        findings.evaluate(evaluate, List.of());
        return replacement;
    }

    /** What an operator may tell the inventory about a certificate it cannot read from the certificate itself. */
    public record Update(Boolean privateKeyExportable, java.time.Duration renewBefore) {
    }

    @Transactional
    public Certificate update(UUID id, Update update) {
        cachedSummary = null;
        Certificate certificate = Certificate.<Certificate>findByIdOptional(id)
                .orElseThrow(() -> Refusal.notFound("no certificate with id " + id));
        if (update.renewBefore() != null && (update.renewBefore().isNegative() || update.renewBefore().isZero())) {
            throw Refusal.invalid("renewBefore must be a positive duration, not " + update.renewBefore());
        }
        if (update.privateKeyExportable() != null) {
            certificate.privateKeyExportable = update.privateKeyExportable();
        }
        if (update.renewBefore() != null) {
            certificate.renewBeforeSeconds = update.renewBefore().toSeconds();
        }
        renewals.refresh(certificate);
        findings.evaluate(List.of(certificate.id), List.of());
        return certificate;
    }

    /** Stores a certificate new to the inventory; its CertificateDiscovered goes to {@code discovered}, for the caller. */
    private Certificate store(UUID id, ParsedCertificate parsed, Certificate.Source source, List<String> chain, Certificate replaces,
                              List<CloudEvent<?>> discovered) {
        Certificate certificate = new Certificate();
        certificate.id = id;
        certificate.thumbprintSha1 = parsed.thumbprintSha1();
        certificate.fingerprintSha256 = parsed.fingerprintSha256();
        certificate.subject = parsed.subject();
        certificate.commonName = parsed.commonName();
        certificate.issuer = parsed.issuer();
        certificate.serialNumber = parsed.serialNumber();
        certificate.subjectAltNames = parsed.subjectAltNames();
        certificate.notBefore = parsed.notBefore();
        certificate.notAfter = parsed.notAfter();
        certificate.keyAlgorithm = parsed.keyAlgorithm();
        certificate.keySize = parsed.keySize();
        certificate.signatureAlgorithm = parsed.signatureAlgorithm();
        certificate.selfSigned = parsed.selfSigned();
        certificate.der = parsed.der();
        certificate.certificateAuthority = parsed.certificateAuthority();
        certificate.extendedKeyUsages = parsed.extendedKeyUsages();
        certificate.crlDistributionPoints = parsed.crlDistributionPoints();
        certificate.authorityInfoAccess = parsed.authorityInfoAccess();
        certificate.chainThumbprints = chain;
        if (replaces != null) {
            certificate.replacesId = replaces.id;
            certificate.generation = replaces.generation + 1;
        }
        certificate.source = source;
        certificate.createdAt = clock.instant();
        renewals.refreshNew(certificate);
        certificate.persist();
        discovered.add(CloudEvent.create(CertificateEvents.SOURCE, certificate.id.toString(),
                new CertificateDiscoveredV1(CertificateEvents.summary(certificate), source.name()), clock));
        // RenewalDue comes from the next sweep (at most a minute), so that the bindings usually made right after an
        // import are part of it: its slots and what they require of the replacement. The caller evaluates the
        // findings of what it stored, all at once.
        return certificate;
    }

    /**
     * A page of certificates, soonest expiry first, optionally expiring within a duration (expired ones included),
     * intended or pending for a server's slots, with a SHA-1 thumbprint or SHA-256 fingerprint (upper-case hex), or with
     * {@code name} in its common name or a subject alternative name (case-insensitive).
     */
    public List<Certificate> search(int page, int size, Duration expiringWithin, String server, String thumbprintHex,
                                    String name, boolean inUse) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (name != null) {
            query.append(" and searchNames like :name escape '\\'");
            parameters.and("name", "%" + name.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                    .replace("_", "\\_") + "%");
        }
        if (inUse) {
            query.append(" and (id in (select s.certificateId from Slot s where s.retired = false)"
                    + " or id in (select s.pendingCertificateId from Slot s where s.retired = false))");
        }
        if (expiringWithin != null) {
            query.append(" and notAfter <= :horizon");
            parameters.and("horizon", clock.instant().plus(expiringWithin));
        }
        if (server != null) {
            query.append(" and (id in (select s.certificateId from Slot s where s.key.serverFqdn = :server)"
                    + " or id in (select s.pendingCertificateId from Slot s where s.key.serverFqdn = :server))");
            parameters.and("server", server.toLowerCase());
        }
        if (thumbprintHex != null) {
            query.append(thumbprintHex.length() == 40 ? " and thumbprintSha1 = :hex" : " and fingerprintSha256 = :hex");
            parameters.and("hex", thumbprintHex);
        }
        return Certificate.<Certificate>find(query.toString(), Sort.by("notAfter"), parameters).page(Page.of(page, size)).list();
    }

    /** The estate's certificates at a glance: how many, their issuers, and per week expiries and planned renewals. */
    public record Summary(long certificates, List<String> issuers, List<Week> weeks) {
    }

    /** A week (from Monday, UTC): certificates expiring and renewals planned (renewal time) in it. */
    public record Week(LocalDate start, long expiring, long renewalsPlanned) {
    }

    /** How long a summary is reused: it is three scans of the certificates, and the weeks ahead change slowly. */
    static final Duration SUMMARY_FOR = Duration.ofSeconds(30);

    private record CachedSummary(int weeks, Instant at, Summary summary) {
    }

    /** The last summary this replica counted; forgotten when this replica imports, registers or updates a certificate. */
    private volatile CachedSummary cachedSummary;

    /**
     * The summary over {@code weeks} weeks from the Monday of this week, by aggregate queries (a certificate replaced by
     * a newer one is not counted: it will not be renewed or expire in service); counted at most {@link #SUMMARY_FOR}
     * ago.
     */
    public Summary summary(int weeks) {
        Instant now = clock.instant();
        CachedSummary last = cachedSummary;
        if (last != null && last.weeks() == weeks && last.at().plus(SUMMARY_FOR).isAfter(now)) {
            return last.summary();
        }
        Summary summary = countSummary(weeks);
        cachedSummary = new CachedSummary(weeks, now, summary);
        return summary;
    }

    private Summary countSummary(int weeks) {
        LocalDate first = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        OffsetDateTime from = first.atStartOfDay().atOffset(ZoneOffset.UTC);
        long[] expiring = new long[weeks];
        long[] planned = new long[weeks];
        // one pass over the current certificates: the week of each one's expiry and of its renewal time (either may
        // fall outside the weeks asked for: the counts below keep those that do not)
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        select floor(extract(epoch from (c.not_after - :from)) / 604800)::int,
                               floor(extract(epoch from (c.renewal_at - :from)) / 604800)::int, count(*)
                        from {h-schema}certificate c
                        where not exists (select 1 from {h-schema}certificate r where r.replaces_id = c.id)
                          and (c.not_after >= :from and c.not_after < :to or c.renewal_at >= :from and c.renewal_at < :to)
                        group by 1, 2""")
                .setParameter("from", from).setParameter("to", from.plusWeeks(weeks)).getResultList();
        for (Object[] row : rows) {
            long count = ((Number) row[2]).longValue();
            add(expiring, row[0], count);
            add(planned, row[1], count);
        }
        List<Week> result = new ArrayList<>(weeks);
        for (int i = 0; i < weeks; i++) {
            result.add(new Week(first.plusWeeks(i), expiring[i], planned[i]));
        }
        // and one over all of them for the issuers and the total
        @SuppressWarnings("unchecked")
        List<Object[]> byIssuer = entityManager.createNativeQuery(
                "select issuer, count(*) from {h-schema}certificate group by issuer order by issuer").getResultList();
        long total = byIssuer.stream().mapToLong(row -> ((Number) row[1]).longValue()).sum();
        List<String> issuers = byIssuer.stream().limit(1000).map(row -> (String) row[0]).toList();
        return new Summary(total, issuers, result);
    }

    private static void add(long[] weeks, Object week, long count) {
        if (week != null && ((Number) week).intValue() >= 0 && ((Number) week).intValue() < weeks.length) {
            weeks[((Number) week).intValue()] += count;
        }
    }

    /** A certificate and, after it, its chain as far as the inventory knows it (in the order the chain was seen). */
    public List<Certificate> withChain(UUID id) {
        Certificate leaf = Certificate.<Certificate>findByIdOptional(id)
                .orElseThrow(() -> Refusal.notFound("no certificate with id " + id));
        List<Certificate> chain = new ArrayList<>(List.of(leaf));
        for (String thumbprint : leaf.chainThumbprints == null ? List.<String>of() : leaf.chainThumbprints) {
            Certificate.findByThumbprint(thumbprint).ifPresent(chain::add);
        }
        return chain;
    }
}
