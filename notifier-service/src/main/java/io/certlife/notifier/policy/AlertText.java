package io.certlife.notifier.policy;

import io.certlife.events.ServiceKind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The words of alerts: what a person reads at a glance. Pure. */
public final class AlertText {

    private AlertText() {
    }

    /** The CN of a distinguished name, else the whole name. */
    public static String commonName(String subject) {
        if (subject == null) {
            return "(unknown certificate)";
        }
        for (String part : subject.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
            String rdn = part.trim();
            if (rdn.regionMatches(true, 0, "CN=", 0, 3)) {
                return rdn.substring(3);
            }
        }
        return subject;
    }

    /** "mail.contoso.com on CAS01 (IIS, POP, IMAP)", or just the name when no server is known. */
    public static String place(String name, String host, List<ServiceKind> services) {
        if (host == null) {
            return name;
        }
        return name + " on " + host + (services.isEmpty() ? "" : " (" + String.join(", ", services.stream().map(Enum::name).toList()) + ")");
    }

    public static String expiresIn(long daysLeft) {
        if (daysLeft <= 0) {
            return "expires today";
        }
        return "expires in " + daysLeft + (daysLeft == 1 ? " day" : " days");
    }

    public static String expired(Instant notAfter) {
        return "expired on " + LocalDate.ofInstant(notAfter, ZoneOffset.UTC);
    }

    /**
     * Where the cure stands, e.g. "renewal planned, ISA export pending"; empty when nothing is known.
     *
     * @param renewalState   PLANNED, CSR_PENDING, ISSUED, FAILED or null
     * @param replacedAt     when the replacement was issued, or null
     * @param publishedByIsa whether an ISA rule publishes the server, so the renewed certificate must be exported
     */
    public static String status(String renewalState, Instant replacedAt, boolean publishedByIsa) {
        List<String> parts = new ArrayList<>();
        if (renewalState == null) {
            parts.add("no renewal yet");
        } else {
            parts.add(switch (renewalState) {
                case "PLANNED" -> "renewal planned";
                case "CSR_PENDING" -> "CSR waiting for the CA";
                case "SERVER_CSR_PENDING" -> "waiting for the server's CSR";
                case "DNS_RECORDS_PENDING" -> "waiting for its ACME TXT records";
                case "ISSUED" -> "replacement issued" + (replacedAt == null ? "" : " "
                        + LocalDate.ofInstant(replacedAt, ZoneOffset.UTC)) + ", not yet seen served here";
                case "FAILED" -> "renewal failed";
                default -> "renewal " + renewalState.toLowerCase();
            });
        }
        if (publishedByIsa) {
            parts.add("ISA export pending");
        }
        return String.join(", ", parts);
    }

    /** "title: status", or the title alone. */
    public static String withStatus(String title, String status) {
        return status.isEmpty() ? title : title + ": " + status;
    }
}
