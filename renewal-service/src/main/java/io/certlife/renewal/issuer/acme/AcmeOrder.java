package io.certlife.renewal.issuer.acme;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A renewal's ACME order in progress: where it stands, what the CA asked to see in DNS, and when it is next looked at.
 * The row exists from the issuer's first attempt until the certificate is issued or the renewal fails for good; a
 * failure that passes sends it back to {@link Stage#ORDER} at the renewal's next attempt time.
 */
@Entity
@Table(name = "acme_order")
public class AcmeOrder extends PanacheEntityBase {

    public enum Stage {
        /** A new order is to be placed (first attempt, or again after a failure). */
        ORDER,
        /** The TXT records are written (or asked of an operator); the CA is asked to look once every authoritative server shows them. */
        PUBLISHED,
        /** The CA is validating the challenges; once the order is ready, it is finalized with the renewal's CSR. */
        VALIDATING,
        /** Finalized; the certificate is fetched once the CA has issued it. */
        FINALIZING
    }

    /** One dns-01 challenge: the TXT record {@code name} = {@code value} in {@code zone}, and the challenge's URL. */
    public record DnsChallenge(String domain, String zone, String name, String value, String url) {
    }

    @Id
    public UUID renewalId;
    @Enumerated(EnumType.STRING)
    public Stage stage;
    public String orderUrl;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<DnsChallenge> challenges;
    /** When the records were written or asked for (the propagation timeout runs from here). */
    public Instant publishedAt;
    public Instant nextCheckAt;

    public static AcmeOrder start(UUID renewalId, Instant now) {
        AcmeOrder order = new AcmeOrder();
        order.renewalId = renewalId;
        order.stage = Stage.ORDER;
        order.challenges = List.of();
        order.nextCheckAt = now;
        return order;
    }

    /** Back to a new order at {@code when} (its records are already removed). */
    public void restartAt(Instant when) {
        stage = Stage.ORDER;
        orderUrl = null;
        challenges = List.of();
        publishedAt = null;
        nextCheckAt = when;
    }
}
