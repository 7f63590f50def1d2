package io.certlife.inventory.policy;

import java.util.List;
import java.util.Locale;

/** How a certificate's names cover a host name: exactly, only through a wildcard, or not at all. */
public enum NameMatch {
    EXACT, WILDCARD, NONE;

    /** Matches {@code host} against the names (CN and SANs); a wildcard covers exactly one left-most label. */
    public static NameMatch of(List<String> names, String host) {
        String wanted = host.toLowerCase(Locale.ROOT);
        boolean wildcard = false;
        for (String name : names) {
            String candidate = name.toLowerCase(Locale.ROOT);
            if (candidate.equals(wanted)) {
                return EXACT;
            }
            if (candidate.startsWith("*.")) {
                int dot = wanted.indexOf('.');
                wildcard |= dot > 0 && wanted.substring(dot).equals(candidate.substring(1));
            }
        }
        return wildcard ? WILDCARD : NONE;
    }
}
