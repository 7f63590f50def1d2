package io.certlife.inventory.policy;

import io.certlife.events.ServiceKind;
import io.certlife.events.Severity;

/**
 * One rule's verdict about one subject. {@code subjectKey} identifies what the finding is about (a
 * certificate and slot, a namespace, a server), so that the same problem found again is the same finding.
 */
public record Finding(String ruleId, Severity severity, String message, String subjectKey, String server,
                      ServiceKind service) {
}
