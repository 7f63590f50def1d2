package io.certlife.console;

import io.certlife.events.KeyCustody;
import io.certlife.events.ServerOs;
import io.certlife.events.ServerRole;
import io.certlife.events.ServiceKind;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The 47-day plan: for each certificate in service, how often it will be renewed under the CA/Browser Forum's schedule
 * for public certificates (at most 200 days from 2026-03-15, 100 from 2027-03-15, 47 from 2029-03-15; ballot SC-081)
 * or the configured validity for private ones, times the minutes its manual steps take, summed into operator hours a
 * year; and why a certificate cannot be renewed without a person today. Pure: the estate and the settings in, the plan
 * out.
 */
public final class Readiness {

    /** A manual step a renewal takes, with what it is. */
    public enum Step {
        CSR_TO_CA("send the CSR to the public CA and upload its answer", Scope.CERTIFICATE),
        SERVER_CSR("make the key and its CSR on the server and hand the CSR in", Scope.CERTIFICATE),
        EXCHANGE_ENABLE("import the certificate on the Exchange server and enable it for its services", Scope.SERVER),
        ISA_EXPORT("import the PFX on ISA and bind it to the web listener, in a maintenance window", Scope.SERVER),
        EDGESYNC_RESUBSCRIBE("subscribe the Edge server again so EdgeSync trusts the new certificate", Scope.SERVER);

        private final String what;
        private final Scope scope;

        Step(String what, Scope scope) {
            this.what = what;
            this.scope = scope;
        }

        public String what() {
            return what;
        }
    }

    /** Whether a step is taken once per renewal or once per server the certificate is on. */
    private enum Scope { CERTIFICATE, SERVER }

    /** One cap of the schedule: from {@code from}, a public certificate is valid for at most {@code publicDays}. */
    public record Period(LocalDate from, int publicDays) {
    }

    /** The CA/Browser Forum's schedule (before 2026-03-15: 398 days). */
    static final List<Period> SCHEDULE = List.of(new Period(LocalDate.of(2026, 3, 15), 200),
            new Period(LocalDate.of(2027, 3, 15), 100), new Period(LocalDate.of(2029, 3, 15), 47));

    /**
     * A slot in service: its server, the service, the certificate it serves, how its key is kept, and the ISA servers
     * whose publishing rules publish it (each needs the certificate as a PFX).
     */
    public record Slot(String server, List<ServerRole> roles, boolean internetFacing, ServerOs os, ServiceKind service,
                       String certificateId, String certificateName, KeyCustody custody, Duration renewBefore,
                       List<Publisher> publishedBy) {
    }

    /** An ISA server publishing a slot through a web listener. */
    public record Publisher(String isaServer, ServerOs os, String webListener) {
    }

    /** A step on the plan: once per renewal, or on one server. */
    public record PlannedStep(Step step, String server, int minutes) {

        public String describe() {
            return step.what() + (server == null ? "" : " (" + server + ")");
        }
    }

    /** One certificate: its slots, whether public, and per period of the schedule its renewals and hours a year. */
    public record Row(String certificateId, String name, List<String> slots, boolean publicCertificate, List<PlannedStep> steps,
                      int minutesPerRenewal, List<Double> renewalsPerYear, List<Double> hoursPerYear, List<String> blockers) {

        public boolean automatable() {
            return blockers.isEmpty();
        }
    }

    /** The plan: the periods compared (today's cap first), a row per certificate, and the hours summed per period. */
    public record Plan(List<Period> periods, List<Row> rows, List<Double> totalHours, int automatable) {
    }

    private Readiness() {
    }

    /**
     * The plan as of {@code today} for the slots in service, with private certificates valid for {@code privateValidity}
     * and each step taking the minutes given (a step not given takes none).
     */
    public static Plan plan(LocalDate today, List<Slot> slots, Duration privateValidity, Map<Step, Integer> minutes) {
        List<Period> periods = periods(today);
        Map<String, List<Slot>> byCertificate = new LinkedHashMap<>();
        slots.forEach(slot -> byCertificate.computeIfAbsent(slot.certificateId(), k -> new ArrayList<>()).add(slot));
        List<Row> rows = new ArrayList<>();
        double[] total = new double[periods.size()];
        int automatable = 0;
        for (List<Slot> its : byCertificate.values()) {
            Row row = row(its, periods, privateValidity, minutes);
            rows.add(row);
            for (int i = 0; i < total.length; i++) {
                total[i] += row.hoursPerYear().get(i);
            }
            automatable += row.automatable() ? 1 : 0;
        }
        rows.sort(java.util.Comparator.comparing((Row r) -> -r.hoursPerYear().get(r.hoursPerYear().size() - 1))
                .thenComparing(Row::name));
        List<Double> totals = new ArrayList<>();
        for (double hours : total) {
            totals.add(hours);
        }
        return new Plan(periods, rows, totals, automatable);
    }

    /** Today's cap, then every later step of the schedule. */
    static List<Period> periods(LocalDate today) {
        List<Period> periods = new ArrayList<>();
        periods.add(new Period(today, publicDays(today)));
        SCHEDULE.stream().filter(p -> p.from().isAfter(today)).forEach(periods::add);
        return periods;
    }

    static int publicDays(LocalDate day) {
        int days = 398;
        for (Period period : SCHEDULE) {
            if (!day.isBefore(period.from())) {
                days = period.publicDays();
            }
        }
        return days;
    }

    private static Row row(List<Slot> slots, List<Period> periods, Duration privateValidity, Map<Step, Integer> minutes) {
        Slot first = slots.get(0);
        boolean isPublic = slots.stream().anyMatch(s -> !s.publishedBy().isEmpty() || s.roles().stream()
                .anyMatch(r -> r.recommendedIssuer(s.internetFacing()) == ServerRole.RecommendedIssuer.PUBLIC));
        boolean onServer = slots.stream().anyMatch(s -> s.custody() == KeyCustody.ON_SERVER);
        Set<Step> perCertificate = EnumSet.noneOf(Step.class);
        if (isPublic) {
            perCertificate.add(Step.CSR_TO_CA);
        }
        if (onServer) {
            perCertificate.add(Step.SERVER_CSR);
        }
        Map<String, Set<Step>> perServer = new LinkedHashMap<>();
        Set<String> blockers = new TreeSet<>();
        for (Slot slot : slots) {
            Set<Step> steps = perServer.computeIfAbsent(slot.server(), k -> EnumSet.noneOf(Step.class));
            if (slot.service() == ServiceKind.ISA_LISTENER) {
                steps.add(Step.ISA_EXPORT);
                blockers.add("ISA 2006 has no interface for it: the PFX is imported and bound to the listener by hand");
            } else if (slot.roles().stream().anyMatch(r -> r != ServerRole.ISA && r != ServerRole.MAILBOX)) {
                steps.add(Step.EXCHANGE_ENABLE);
            }
            if (slot.roles().contains(ServerRole.EDGE_TRANSPORT)) {
                steps.add(Step.EDGESYNC_RESUBSCRIBE);
            }
            boolean receivesPfx = slot.custody() != KeyCustody.ON_SERVER
                    && (slot.service() == ServiceKind.ISA_LISTENER || steps.contains(Step.EXCHANGE_ENABLE));
            if (receivesPfx) {
                legacyPfx(slot.server(), slot.os(), blockers);
            }
            for (Publisher isa : slot.publishedBy()) {
                perServer.computeIfAbsent(isa.isaServer(), k -> EnumSet.noneOf(Step.class)).add(Step.ISA_EXPORT);
                blockers.add("ISA 2006 has no interface for it: the PFX is imported and bound to the listener by hand");
                legacyPfx(isa.isaServer(), isa.os(), blockers);
            }
        }
        if (isPublic) {
            blockers.add("public: a person sends each CSR to the public CA (no ACME issuer yet)");
        }
        if (onServer) {
            blockers.add("the key is made on the server (ON_SERVER): a person makes each request there");
        }
        List<PlannedStep> planned = new ArrayList<>();
        perCertificate.forEach(step -> planned.add(new PlannedStep(step, null, minutes.getOrDefault(step, 0))));
        perServer.forEach((server, steps) -> steps.forEach(step ->
                planned.add(new PlannedStep(step, server, minutes.getOrDefault(step, 0)))));
        int perRenewal = planned.stream().mapToInt(PlannedStep::minutes).sum();

        Duration lead = slots.stream().map(Slot::renewBefore).filter(java.util.Objects::nonNull)
                .max(Duration::compareTo).orElse(null);
        List<Double> renewals = new ArrayList<>();
        List<Double> hours = new ArrayList<>();
        for (Period period : periods) {
            long validityDays = isPublic ? period.publicDays() : privateValidity.toDays();
            // the renewal time: the slots' longest renew-before, else two thirds of the lifetime (as inventory plans it)
            long leadDays = lead == null ? validityDays / 3 : lead.toDays();
            long usedDays = validityDays - leadDays;
            if (usedDays < 1) {
                blockers.add("renew-before " + leadDays + " days is not shorter than a " + validityDays + "-day validity");
                usedDays = 1;
            }
            double perYear = 365.0 / usedDays;
            renewals.add(perYear);
            hours.add(perYear * perRenewal / 60.0);
        }
        List<String> slotNames = new ArrayList<>();
        for (Slot slot : slots) {
            slotNames.add(slot.service() + " on " + slot.server());
            slot.publishedBy().forEach(isa -> slotNames.add("published by " + isa.isaServer() + " (" + isa.webListener() + ")"));
        }
        return new Row(first.certificateId(), first.certificateName(), slotNames, isPublic, planned, perRenewal, renewals, hours,
                List.copyOf(blockers));
    }

    private static void legacyPfx(String server, ServerOs os, Set<String> blockers) {
        if (os.pfxProfile() == ServerOs.PfxProfile.LEGACY) {
            blockers.add(server + " runs " + os + ", which imports only a LEGACY PFX (3DES, SHA-1 MAC)");
        }
    }
}
