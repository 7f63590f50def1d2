package io.certlife.renewal.issuer;

import io.certlife.events.RenewalDueV1;
import io.certlife.renewal.Renewal;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * One way a renewal gets its certificate, in a package of its own (self-signed, internal CA, ACME, CSR).
 * {@link Issuers} asks them in the order {@code certlife.renewal.issuers} gives; the first that {@link #renews}
 * the old certificate takes the renewal. An issuer works in the caller's transaction and throws
 * {@link io.certlife.renewal.keys.KeyVaultException} (transient) or {@link io.certlife.renewal.pki.PkiException}
 * (terminal) without marking it for rollback, so that the caller can record the failure with the renewal.
 */
public interface Issuer {

    /** The issuer's name, stored with each renewal it takes and carried by {@code RenewalPlanned}. */
    String name();

    /** Whether this issuer renews the due certificate (its summary, and the certificate itself when the event has it). */
    boolean renews(RenewalDueV1 due);

    /** Whether it can issue for a key the server made (custody ON_SERVER), from the server's CSR alone. */
    default boolean takesServerKeys() {
        return true;
    }

    /**
     * Makes the renewal's new key (or, custody ON_SERVER, takes the server's from its CSR) and issues its certificate,
     * or requests it from a CA.
     */
    Outcome issue(Renewal renewal);

    /** What an attempt achieved. */
    sealed interface Outcome {
    }

    /** The certificate is issued: the leaf and the chain above it (empty for a self-signed leaf). */
    record Issued(X509Certificate leaf, List<X509Certificate> chain) implements Outcome {
        public Issued {
            chain = List.copyOf(chain);
        }
    }

    /** The request is for a CA certlife cannot drive; the renewal waits for its answer (a person takes the CSR to it). */
    record Requested(String csrPem) implements Outcome {
    }

    /** An ACME order is open for the request; the renewal waits while certlife carries it through the CA. */
    record Ordered(String csrPem) implements Outcome {
    }
}
