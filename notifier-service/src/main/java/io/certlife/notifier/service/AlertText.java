package io.certlife.notifier.service;

import io.certlife.events.CertificateExpiredV1;
import io.certlife.events.CertificateExpiringV1;
import io.certlife.events.CertificateIssuedV1;
import io.certlife.events.EventData;
import io.certlife.events.RenewalFailedV1;
import io.certlife.events.RenewalPlannedV1;
import io.certlife.events.RenewalStalledV1;
import io.certlife.notifier.Alert;
import java.util.Optional;

/** What an alert says and how urgent it is, for the events that warrant one. Pure. */
final class AlertText {

    /** The severity, certificate and one-line summary of an alert. */
    record Text(Alert.Severity severity, String certificateId, String summary) {
    }

    private AlertText() {
    }

    static Optional<Text> of(EventData data) {
        if (data instanceof CertificateExpiringV1 e) {
            Alert.Severity severity = e.thresholdDays() <= 7 ? Alert.Severity.CRITICAL : Alert.Severity.WARNING;
            return Optional.of(new Text(severity, e.certificateId(),
                    e.subject() + " expires in " + e.daysLeft() + " days"));
        }
        if (data instanceof CertificateExpiredV1 e) {
            return Optional.of(new Text(Alert.Severity.CRITICAL, e.certificateId(), e.subject() + " has expired"
                    + (e.selfSigned() ? " (self-signed: internal traffic still works but logs errors)" : "")));
        }
        if (data instanceof RenewalPlannedV1 e) {
            return Optional.of(new Text(Alert.Severity.INFO, e.certificateId(), e.subject() + ": renewal planned ("
                    + e.issuer() + ", generation " + e.generation() + ")"));
        }
        if (data instanceof CertificateIssuedV1 e) {
            return Optional.of(new Text(Alert.Severity.INFO, e.replacesCertificateId(),
                    e.certificate().subject() + ": replacement issued, thumbprint " + e.certificate().thumbprintSha1()));
        }
        if (data instanceof RenewalFailedV1 e) {
            return Optional.of(new Text(e.terminal() ? Alert.Severity.CRITICAL : Alert.Severity.WARNING, e.certificateId(),
                    "renewal " + e.renewalId() + " failed (" + e.reason() + "): " + e.message()));
        }
        if (data instanceof RenewalStalledV1 e) {
            return Optional.of(new Text(Alert.Severity.WARNING, e.certificateId(),
                    "renewal " + e.renewalId() + " stalled in " + e.stage() + " since " + e.since()));
        }
        return Optional.empty();
    }
}
