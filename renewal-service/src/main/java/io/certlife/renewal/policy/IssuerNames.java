package io.certlife.renewal.policy;

import io.certlife.events.DriftItem;
import io.certlife.events.Severity;
import io.certlife.outbound.Network;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The names an issuer may issue for: DNS names under its allowed suffixes, IP addresses in its allowed ranges
 * (CIDR). A plan that names anything else gets a {@link #NAME_NOT_ALLOWED} drift item per name, an ERROR that blocks
 * issuance: neither policy nor an approver can let it through; the estate or the issuer's configuration must change.
 * An issuer without configured names is not restricted. Pure.
 */
public final class IssuerNames {

    /** Drift code of a name outside the issuer's allowed names. */
    public static final String NAME_NOT_ALLOWED = "NameNotAllowed";

    private IssuerNames() {
    }

    /** The drift items of the names (SANs and the subject's CN) that {@code issuer} may not issue for. */
    public static List<DriftItem> outside(String issuer, Optional<List<String>> dnsSuffixes, Optional<List<String>> ipRanges,
                                          String subject, List<String> subjectAltNames) {
        if (dnsSuffixes.isEmpty() && ipRanges.isEmpty()) {
            return List.of();
        }
        List<DriftItem> outside = new ArrayList<>();
        for (String name : names(subject, subjectAltNames)) {
            boolean allowed = isIpAddress(name)
                    ? ipRanges.orElse(List.of()).stream().anyMatch(range -> inRange(name, range))
                    : dnsSuffixes.orElse(List.of()).stream().anyMatch(suffix -> underSuffix(name, suffix));
            if (!allowed) {
                outside.add(new DriftItem(NAME_NOT_ALLOWED, Severity.ERROR, "issuer " + issuer + " may not issue for " + name
                        + " (allowed: " + String.join(", ", dnsSuffixes.orElse(List.of())) + ipRanges.map(r -> " " + r).orElse("")
                        + "); fix the estate or certlife.renewal.issuer-names." + issuer));
            }
        }
        return outside;
    }

    /** The names a certificate is for: its SANs in order, then the subject's CN when no SAN repeats it. */
    public static List<String> names(String subject, List<String> subjectAltNames) {
        List<String> names = new ArrayList<>(subjectAltNames);
        commonName(subject).filter(cn -> !names.contains(cn)).ifPresent(names::add);
        return names;
    }

    static boolean underSuffix(String name, String suffix) {
        String host = name.toLowerCase(Locale.ROOT).replaceFirst("^\\*\\.", "");
        String allowed = suffix.toLowerCase(Locale.ROOT).replaceFirst("^\\.", "");
        return host.equals(allowed) || host.endsWith("." + allowed);
    }

    static boolean inRange(String address, String cidr) {
        try {
            return Network.parse(cidr).contains(InetAddress.getByName(address));
        } catch (IllegalArgumentException | UnknownHostException e) {
            return false;
        }
    }

    /** Whether a name is an IP address (an iPAddress SAN) rather than a DNS name. */
    public static boolean isIpAddress(String name) {
        return name.matches("[0-9.]+") || name.contains(":");
    }

    private static Optional<String> commonName(String subject) {
        for (String part : subject.split(",")) {
            String trimmed = part.trim();
            if (trimmed.regionMatches(true, 0, "CN=", 0, 3)) {
                return Optional.of(trimmed.substring(3));
            }
        }
        return Optional.empty();
    }
}
