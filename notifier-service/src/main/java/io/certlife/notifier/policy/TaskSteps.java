package io.certlife.notifier.policy;

import io.certlife.events.DnsRecordsRequestedV1;
import io.certlife.events.ServiceKind;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The exact instructions of operator tasks. Pure. */
public final class TaskSteps {


    private TaskSteps() {
    }

    /** Exchange's names (Enable-ExchangeCertificate -Services) for the services a certificate is enabled for. */
    public static String exchangeServices(List<ServiceKind> services) {
        return String.join(",", services.stream().map(s -> s == ServiceKind.UM_CALL_ROUTER ? "UMCallRouter" : s.name()).toList());
    }

    /**
     * Import the renewed certificate with the key certlife made on an Exchange server and enable it for the slots'
     * services. {@code exportable} is Windows' flag: whether the key may be exported again from this server (a CAS
     * that ISA publishes).
     */
    public static List<String> exchangeEnable(String host, String thumbprint, String oldThumbprint,
                                       List<ServiceKind> services, String pfxProfile, boolean exportable) {
        String file = "C:\\certlife\\" + thumbprint + ".pfx";
        List<String> steps = new ArrayList<>();
        steps.add("Download the PFX (" + pfxProfile + " profile: the certificate, its chain and the key certlife made for "
                + host + ") with the one-time link certlife sends to you by email (curl -fo " + thumbprint + ".pfx '<link>'); "
                + "a key custodian reveals its password once (certlife exports password <export id from the mail>). Copy it to "
                + file + " on " + host + ".");
        steps.add("Import-ExchangeCertificate -Server " + host + " -FileData ([System.IO.File]::ReadAllBytes('" + file + "'))"
                + " -Password (Get-Credential -UserName pfx -Message 'PFX password').Password"
                + (exportable ? " -PrivateKeyExportable $true" : ""));
        steps.addAll(enableSteps(host, thumbprint, oldThumbprint, services, file));
        return steps;
    }

    /**
     * Import the issued certificate onto the request the server made (its key never left it: custody ON_SERVER) and
     * enable it for the slots' services.
     */
    public static List<String> exchangeEnableServerKey(String host, String certificateId, String thumbprint,
                                                       String oldThumbprint, List<ServiceKind> services) {
        String file = "C:\\certlife\\" + thumbprint + ".cer";
        List<String> steps = new ArrayList<>();
        steps.add("Get the issued certificate with its chain (the key is already on " + host + ", in the request it made): "
                + "certlife certs get " + certificateId + " --chain -o " + thumbprint + ".cer, and copy it to " + file + " on "
                + host + ".");
        steps.add("Import-ExchangeCertificate -Server " + host + " -FileData ([System.IO.File]::ReadAllBytes('" + file + "'))"
                + "   (completes the pending request with its key)");
        steps.addAll(enableSteps(host, thumbprint, oldThumbprint, services, file));
        return steps;
    }

    /**
     * Make the new key on the server, in a request for the plan's names, and hand the request to certlife (custody
     * ON_SERVER). Exchange 2007's syntax; Exchange 2010 and later name the file with -RequestFile.
     */
    public static List<String> serverCsr(String host, String renewalId, String subject, List<String> subjectAltNames,
                                         int keySize, boolean exportable) {
        String file = "C:\\certlife\\" + renewalId + ".req";
        return List.of(
                "On " + host + ": New-ExchangeCertificate -Server " + host + " -GenerateRequest -Path " + file
                        + " -SubjectName \"" + subject + "\" -DomainName " + String.join(",", subjectAltNames) + " -KeySize "
                        + keySize + " -PrivateKeyExportable $" + exportable
                        + "   (the names in this order; the new key stays on " + host + "; Exchange 2010 and later name the "
                        + "file with -RequestFile instead of -Path)",
                "Copy " + file + " to a machine with the certlife CLI and hand it in: certlife renewals server-csr " + renewalId
                        + " " + renewalId + ".req   (certlife checks it against the plan and says what differs)",
                "certlife then issues the certificate (internal CA), or the request waits for your CA (certlife csr get / "
                        + "certlife csr complete); a new task tells you how to import it onto this request.");
    }

    /** The first step of a task planned into a maintenance window, in the site's own time. */
    public static String inWindow(String site, ZonedDateTime start, ZonedDateTime end) {
        DateTimeFormatter day = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ROOT);
        DateTimeFormatter time = start.toLocalDate().equals(end.toLocalDate()) ? DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT) : day;
        return "Do this in site " + site + "'s maintenance window " + start.format(day) + " - " + end.format(time) + " ("
                + start.getZone() + "); the task is due when it ends.";
    }

    /** The TXT records of an ACME order, for an operator of a zone certlife may not write (Windows DNS, a registrar). */
    public static List<String> dnsRecords(List<DnsRecordsRequestedV1.TxtRecord> records) {
        List<String> steps = new ArrayList<>();
        for (DnsRecordsRequestedV1.TxtRecord record : records) {
            String relative = record.name().endsWith("." + record.zone())
                    ? record.name().substring(0, record.name().length() - record.zone().length() - 1) : record.name();
            steps.add("In zone " + record.zone() + " create TXT " + record.name() + " = \"" + record.value() + "\" (TTL 60 s). "
                    + "Windows DNS: Add-DnsServerResourceRecord -ZoneName " + record.zone() + " -Name " + relative
                    + " -Txt -DescriptiveText \"" + record.value() + "\" -TimeToLive 00:01:00");
        }
        steps.add("Nothing to hand in: certlife asks every authoritative server of the zone itself and tells the CA to "
                + "look once all of them answer; the task is done when the certificate is issued.");
        steps.add("Then remove the record(s) (Remove-DnsServerResourceRecord -ZoneName <zone> -Name <name> -RRType Txt): "
                + "each order asks for new values.");
        return steps;
    }

    private static List<String> enableSteps(String host, String thumbprint, String oldThumbprint, List<ServiceKind> services,
                                            String file) {
        List<String> steps = new ArrayList<>();
        steps.add("Enable-ExchangeCertificate -Server " + host + " -Thumbprint " + thumbprint + " -Services "
                + exchangeServices(services) + (services.contains(ServiceKind.SMTP)
                ? " -Force   (-Force answers the prompt to replace the default SMTP certificate)" : ""));
        steps.add("Enabling is additive: the old certificate" + (oldThumbprint == null ? "" : " " + oldThumbprint)
                + " keeps its services until it is removed. Check with Get-ExchangeCertificate -Server " + host
                + " | Format-List Thumbprint,Services,NotAfter"
                + (oldThumbprint == null ? "" : ", then Remove-ExchangeCertificate -Server " + host + " -Thumbprint " + oldThumbprint) + ".");
        steps.add("Delete " + file + " once imported.");
        return steps;
    }

    /** Re-create the EdgeSync subscription after an Edge certificate changes (direct trust keeps the Edge's public key in AD). */
    public static List<String> edgeSync(String edgeHost, String site) {
        String file = "C:\\certlife\\" + edgeHost + "-edgesubscription.xml";
        return List.of(
                "On the Edge server " + edgeHost + ": New-EdgeSubscription -FileName \"" + file + "\" (the file is valid for 24 hours).",
                "Copy " + file + " to a Hub Transport server in site " + (site == null ? "(the Edge's subscribed site)" : site) + ".",
                "On that Hub: New-EdgeSubscription -FileData ([System.IO.File]::ReadAllBytes('" + file + "'))"
                        + (site == null ? "" : " -Site \"" + site + "\""),
                "Start-EdgeSynchronization, then Test-EdgeSynchronization: SyncStatus must be Normal.");
    }

    /**
     * Import the PFX on the ISA server and bind it to the web listener. {@code keyOn}: the server that made the key
     * (custody ON_SERVER), which exports the PFX itself; null when certlife made it and mails the link.
     */
    public static List<String> isaExport(String isaHost, String listener, List<String> publicHosts, String thumbprint, String profile,
                                         String keyOn) {
        return List.of(
                keyOn == null
                        ? "Download the PFX (" + profile + " profile) with the one-time link certlife sends to you by email; a key "
                                + "custodian reveals its password once (certlife exports password <export id from the mail>)."
                        : "The key was made on " + keyOn + " (exportable for this): there, Export-ExchangeCertificate -Server "
                                + keyOn + " -Thumbprint " + thumbprint + " -BinaryEncoded:$true -Path C:\\certlife\\" + thumbprint
                                + ".pfx -Password (Get-Credential -UserName pfx -Message 'PFX password').Password, and copy the "
                                + "PFX to " + isaHost + " (ISA 2006 on Windows Server 2003 needs the " + profile + " profile).",
                "On " + isaHost + ": in the Certificates snap-in for the Computer account, import the PFX into Personal > "
                        + "Certificates with its private key and chain.",
                "In ISA Server Management: Firewall Policy > Toolbox > Network Objects > Web Listeners > " + listener
                        + " > Properties > Certificates: select the certificate with thumbprint " + thumbprint + " and apply.",
                "Listener " + listener + " is down between unbinding the old certificate and binding the new one: do it in a "
                        + "maintenance window (it publishes " + String.join(", ", publicHosts) + ").",
                "From outside, open https://" + publicHosts.get(0) + "/ and check that the certificate shown has thumbprint "
                        + thumbprint + "; then delete the PFX file.");
    }

    /**
     * ISA 2006 matches the published host name only against the subject CN or the first SAN.
     *
     * @return the check's result, starting with OK or PROBLEM
     */
    public static String isaNameCheck(String publicHost, String commonName, List<String> subjectAltNames) {
        String first = subjectAltNames.isEmpty() ? null : subjectAltNames.get(0);
        if (publicHost.equalsIgnoreCase(commonName)) {
            return "OK: " + publicHost + " is the subject CN";
        }
        if (publicHost.equalsIgnoreCase(first)) {
            return "OK: " + publicHost + " is the first SAN";
        }
        return "PROBLEM: ISA 2006 matches " + publicHost + " only against the subject CN (" + commonName + ") or the first SAN ("
                + (first == null ? "none" : first) + "): the rule will refuse this certificate; reissue it with " + publicHost
                + " first";
    }
}
