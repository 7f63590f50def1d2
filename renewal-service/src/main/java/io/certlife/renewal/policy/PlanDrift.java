package io.certlife.renewal.policy;

import io.certlife.events.CertificateSummary;
import io.certlife.events.DriftItem;
import io.certlife.events.RenewalRequirements;
import io.certlife.events.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A renewal plan: the clone of the old certificate (subject, SANs in order, key algorithm and size), diffed
 * against current policy and topology, with every difference fixed in the plan and said in a drift item.
 * INFO items are safe fixes (stronger key, SHA-256, exportable key, shorter validity); WARNING items change
 * what the certificate names or which clients can use it, and are what approval policies look at. Pure.
 */
public final class PlanDrift {

    /** Drift codes: stable, CamelCase. */
    public static final String KEY_TOO_SMALL = "KeyTooSmall";
    public static final String SHA1_SIGNATURE = "Sha1Signature";
    public static final String MISSING_NAMESPACE = "MissingNamespace";
    public static final String ISA_FIRST_SAN = "IsaFirstSanOrder";
    public static final String EXPORTABLE_KEY_REQUIRED = "ExportableKeyRequired";
    public static final String VALIDITY_OVER_PUBLIC_CAP = "ValidityOverPublicCap";
    public static final String ECDSA_NOT_SUPPORTED = "EcdsaNotSupported";

    static final int MIN_RSA_BITS = 2048;
    static final int MIN_EC_BITS = 256;

    /** What to make, and why it differs from the old certificate. */
    public record Plan(String subject, List<String> subjectAltNames, String keyAlgorithm, int keySize, boolean exportableKey,
                       Integer maxValidityDays, List<DriftItem> drift) {
        public boolean hasWarnings() {
            return drift.stream().anyMatch(d -> d.severity() == Severity.WARNING);
        }
    }

    private PlanDrift() {
    }

    public static Plan of(CertificateSummary old, boolean exportableKeyRequired, RenewalRequirements requirements) {
        List<DriftItem> drift = new ArrayList<>();
        String algorithm = old.keyAlgorithm();
        int size = old.keySize();
        if ("EC".equals(algorithm) && requirements.rsaRequired()) {
            drift.add(new DriftItem(ECDSA_NOT_SUPPORTED, Severity.WARNING, "a consumer of this certificate cannot use ECDSA keys "
                    + "(Windows Server 2003 / ISA 2006): the replacement gets an RSA " + MIN_RSA_BITS + " key instead of EC " + size));
            algorithm = "RSA";
            size = MIN_RSA_BITS;
        } else if ("RSA".equals(algorithm) && size < MIN_RSA_BITS || "EC".equals(algorithm) && size < MIN_EC_BITS) {
            int minimum = "RSA".equals(algorithm) ? MIN_RSA_BITS : MIN_EC_BITS;
            drift.add(new DriftItem(KEY_TOO_SMALL, Severity.INFO, algorithm + " " + size + " is below the minimum of " + minimum
                    + " bits: the replacement gets " + algorithm + " " + minimum));
            size = minimum;
        }
        if (old.signatureAlgorithm() != null && old.signatureAlgorithm().toUpperCase(Locale.ROOT).startsWith("SHA1")) {
            drift.add(new DriftItem(SHA1_SIGNATURE, Severity.INFO, "the old certificate is signed with " + old.signatureAlgorithm()
                    + ", which current clients reject: the replacement is signed with SHA-256 (ask the CA for SHA-256)"));
        }
        String commonName = commonName(old.subject());
        List<String> names = new ArrayList<>(old.subjectAltNames());
        for (String namespace : requirements.requiredNames()) {
            if (!covered(namespace, commonName, names)) {
                names.add(namespace);
                drift.add(new DriftItem(MISSING_NAMESPACE, Severity.WARNING, "clients use " + namespace + " on this certificate's "
                        + "services but it is not among its names: added as a SAN"));
            }
        }
        String first = requirements.firstName();
        if (first != null && !first.equalsIgnoreCase(commonName) && (names.isEmpty() || !names.get(0).equalsIgnoreCase(first))) {
            names.removeIf(first::equalsIgnoreCase);
            names.add(0, first);
            drift.add(new DriftItem(ISA_FIRST_SAN, Severity.WARNING, "ISA 2006 publishes " + first + " and matches it only against "
                    + "the subject CN or the first SAN: " + first + " becomes the first SAN"));
        }
        if (exportableKeyRequired) {
            drift.add(new DriftItem(EXPORTABLE_KEY_REQUIRED, Severity.INFO, "an ISA rule publishes this certificate, so the reverse "
                    + "proxy needs it as a PFX: the new private key is exportable"));
        }
        Integer cap = requirements.maxValidityDays();
        long oldDays = Duration.between(old.notBefore(), old.notAfter()).toDays();
        if (cap != null && oldDays > cap) {
            drift.add(new DriftItem(VALIDITY_OVER_PUBLIC_CAP, Severity.INFO, "the old certificate was valid " + oldDays + " days; a "
                    + "public certificate issued now may be valid at most " + cap + " days: the replacement is capped"));
        }
        return new Plan(old.subject(), List.copyOf(names), algorithm, size, exportableKeyRequired, cap, List.copyOf(drift));
    }

    /** Whether a name is the CN or a SAN, or a single-label wildcard among them covers it. */
    static boolean covered(String name, String commonName, List<String> names) {
        List<String> all = new ArrayList<>(names);
        if (commonName != null) {
            all.add(commonName);
        }
        for (String candidate : all) {
            if (candidate.equalsIgnoreCase(name)) {
                return true;
            }
            if (candidate.startsWith("*.") && name.indexOf('.') > 0
                    && name.substring(name.indexOf('.') + 1).equalsIgnoreCase(candidate.substring(2))) {
                return true;
            }
        }
        return false;
    }

    static String commonName(String subject) {
        for (String part : subject.split(",")) {
            String rdn = part.trim();
            if (rdn.regionMatches(true, 0, "CN=", 0, 3)) {
                return rdn.substring(3);
            }
        }
        return null;
    }
}
