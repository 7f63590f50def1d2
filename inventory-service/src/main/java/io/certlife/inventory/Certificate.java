package io.certlife.inventory;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A certificate in the estate: public material only, never a private key. */
@Entity
public class Certificate extends PanacheEntityBase {

    /** How the inventory learned of a certificate. */
    public enum Source { IMPORT, DISCOVERY, ISSUED }

    @Id
    public UUID id;
    public String thumbprintSha1;
    public String fingerprintSha256;
    public String subject;
    public String commonName;
    public String issuer;
    public String serialNumber;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> subjectAltNames;
    public Instant notBefore;
    public Instant notAfter;
    public String keyAlgorithm;
    public int keySize;
    public String signatureAlgorithm;
    public boolean selfSigned;
    public byte[] der;
    @Enumerated(EnumType.STRING)
    public Source source;
    /** 1 for a certificate that replaces nothing; one more than the certificate it replaces otherwise. */
    public int generation = 1;
    public UUID replacesId;
    @Column(name = "renew_before_seconds")
    public Long renewBeforeSeconds;
    public boolean certificateAuthority;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> extendedKeyUsages;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> crlDistributionPoints;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> authorityInfoAccess;
    /** SHA-1 thumbprints of the issuing chain, leaf's issuer first, as imported with the certificate. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> chainThumbprints;
    /** Whether the private key can be exported (needed when ISA publishes it); null when unknown. */
    public Boolean privateKeyExportable;
    /** Whether it chains to a trust anchor (null: unknown); {@code service.TrustAnchors} decides. */
    public Boolean trusted;
    /** When renewal is due; kept in step with the validity and renewBefore by the service layer. */
    public Instant renewalAt;
    public Instant createdAt;
    /** The common name and subject alternative names, lower case, one string: what a search by name matches. */
    public String searchNames;

    @PrePersist
    @PreUpdate
    void names() {
        searchNames = searchNames(commonName, subjectAltNames);
    }

    /** What {@link #searchNames} holds for these names (the migration that added it computed the same). */
    private static String searchNames(String commonName, List<String> subjectAltNames) {
        StringBuilder names = new StringBuilder(commonName == null ? "" : commonName);
        if (subjectAltNames != null) {
            subjectAltNames.forEach(name -> names.append(' ').append(name));
        }
        return names.toString().toLowerCase(java.util.Locale.ROOT);
    }

    public static Optional<Certificate> findByThumbprint(String thumbprintSha1) {
        return find("thumbprintSha1", thumbprintSha1.toUpperCase()).firstResultOptional();
    }

    public Optional<Duration> renewBefore() {
        return Optional.ofNullable(renewBeforeSeconds).map(Duration::ofSeconds);
    }
}
