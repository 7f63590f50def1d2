package io.certlife.inventory.estate;

import java.util.Set;
import java.util.UUID;

/**
 * Fired inside the writing transaction when the estate changed, with the certificates and servers whose
 * findings may change.
 */
public record EstateChanged(Set<UUID> affectedCertificateIds, Set<String> affectedServers) {
}
