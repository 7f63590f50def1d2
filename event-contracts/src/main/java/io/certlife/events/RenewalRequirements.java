package io.certlife.events;

import java.util.List;

/**
 * What current topology and policy ask of a certificate's replacement, computed by the inventory (which owns
 * the estate) so that the renewal can diff its clone against them.
 *
 * @param requiredNames   namespaces that clients use on the certificate's slots: each must be a name of the replacement
 * @param firstName       the host name an ISA 2006 rule publishes: it must be the subject CN or the first SAN (null if none)
 * @param rsaRequired     a consumer cannot use ECDSA (Windows Server 2003/ISA 2006, Exchange 2007 roles)
 * @param maxValidityDays the public CA/Browser Forum cap when a slot faces the internet (null for internal-only use)
 * @param keyCustody      where the new key is made (CENTRAL when absent, as in events from before it existed)
 */
public record RenewalRequirements(List<String> requiredNames, String firstName, boolean rsaRequired, Integer maxValidityDays,
                                  KeyCustody keyCustody) {
    public RenewalRequirements {
        requiredNames = requiredNames == null ? List.of() : List.copyOf(requiredNames);
        keyCustody = keyCustody == null ? KeyCustody.CENTRAL : keyCustody;
    }

    /** Requirements with the key made centrally. */
    public RenewalRequirements(List<String> requiredNames, String firstName, boolean rsaRequired, Integer maxValidityDays) {
        this(requiredNames, firstName, rsaRequired, maxValidityDays, KeyCustody.CENTRAL);
    }

    /** Nothing beyond a like-for-like clone. */
    public static final RenewalRequirements NONE = new RenewalRequirements(List.of(), null, false, null);
}
