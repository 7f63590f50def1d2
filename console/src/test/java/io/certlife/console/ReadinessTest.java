package io.certlife.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.certlife.console.Readiness.Step;
import io.certlife.events.KeyCustody;
import io.certlife.events.ServerOs;
import io.certlife.events.ServerRole;
import io.certlife.events.ServiceKind;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The 47-day plan, case by named case. */
class ReadinessTest {

    static final LocalDate TODAY = LocalDate.of(2026, 12, 4);
    static final Duration PRIVATE = Duration.ofDays(365);
    static final Map<Step, Integer> MINUTES = Map.of(Step.CSR_TO_CA, 15, Step.SERVER_CSR, 20, Step.EXCHANGE_ENABLE, 20,
            Step.ISA_EXPORT, 30, Step.EDGESYNC_RESUBSCRIBE, 20);

    static Readiness.Slot slot(String server, List<ServerRole> roles, boolean internetFacing, ServerOs os, ServiceKind service,
                               String certificate, KeyCustody custody, Duration renewBefore) {
        return new Readiness.Slot(server, roles, internetFacing, os, service, certificate, "CN=" + certificate, custody, renewBefore,
                List.of());
    }

    @Test
    void theScheduleComparesTodaysCapWithEachLaterStep() {
        assertThat(Readiness.periods(TODAY)).extracting(Readiness.Period::publicDays).containsExactly(200, 100, 47);
        assertThat(Readiness.periods(LocalDate.of(2027, 3, 15))).extracting(Readiness.Period::publicDays).containsExactly(100, 47);
        assertThat(Readiness.periods(LocalDate.of(2030, 1, 1))).extracting(Readiness.Period::publicDays).containsExactly(47);
        assertThat(Readiness.publicDays(LocalDate.of(2026, 3, 14))).isEqualTo(398);
    }

    @Test
    void aPrivateHubCertificateIsRenewedAtTwoThirdsOfItsConfiguredValidityWhateverTheSchedule() {
        Readiness.Plan plan = Readiness.plan(TODAY, List.of(slot("hub01", List.of(ServerRole.HUB_TRANSPORT), false,
                ServerOs.WINDOWS_SERVER_2019, ServiceKind.SMTP, "hub", KeyCustody.CENTRAL, null)), PRIVATE, MINUTES);

        Readiness.Row row = plan.rows().get(0);
        assertThat(row.publicCertificate()).isFalse();
        assertThat(row.steps()).extracting(Readiness.PlannedStep::step).containsExactly(Step.EXCHANGE_ENABLE);
        // 365 days, renewed 121 days before expiry (a third, in whole days): every 244 days
        assertThat(row.renewalsPerYear()).allSatisfy(n -> assertThat(n).isCloseTo(365.0 / 244, within(1e-9)));
        assertThat(row.hoursPerYear()).allSatisfy(h -> assertThat(h).isCloseTo(365.0 / 244 * 20 / 60, within(1e-9)));
        assertThat(row.automatable()).isTrue();
        assertThat(plan.automatable()).isEqualTo(1);
    }

    @Test
    void aPublishedCasCertificateTakesTheCaTheCasAndIsaStepsAndSaysWhyItNeedsAPerson() {
        Readiness.Plan plan = Readiness.plan(TODAY, List.of(
                slot("cas01", List.of(ServerRole.CLIENT_ACCESS), true, ServerOs.WINDOWS_SERVER_2016, ServiceKind.IIS, "mail",
                        KeyCustody.CENTRAL, Duration.ofDays(30)),
                slot("cas01", List.of(ServerRole.CLIENT_ACCESS), true, ServerOs.WINDOWS_SERVER_2016, ServiceKind.POP, "mail",
                        KeyCustody.CENTRAL, null),
                slot("isa01", List.of(ServerRole.ISA), true, ServerOs.WINDOWS_SERVER_2003, ServiceKind.ISA_LISTENER, "mail",
                        KeyCustody.CENTRAL, null)), PRIVATE, MINUTES);

        Readiness.Row row = plan.rows().get(0);
        assertThat(row.publicCertificate()).isTrue();
        assertThat(row.slots()).containsExactly("IIS on cas01", "POP on cas01", "ISA_LISTENER on isa01");
        assertThat(row.steps()).extracting(Readiness.PlannedStep::describe).containsExactly(
                Step.CSR_TO_CA.what(), Step.EXCHANGE_ENABLE.what() + " (cas01)", Step.ISA_EXPORT.what() + " (isa01)");
        assertThat(row.minutesPerRenewal()).isEqualTo(65);
        // renewed 30 days before expiry: every 170, 70 and 17 days under the 200, 100 and 47-day caps
        assertThat(row.renewalsPerYear().get(0)).isCloseTo(365.0 / 170, within(1e-9));
        assertThat(row.renewalsPerYear().get(1)).isCloseTo(365.0 / 70, within(1e-9));
        assertThat(row.renewalsPerYear().get(2)).isCloseTo(365.0 / 17, within(1e-9));
        assertThat(row.hoursPerYear().get(2)).isCloseTo(365.0 / 17 * 65 / 60, within(1e-9));
        assertThat(row.blockers()).hasSize(4).anySatisfy(b -> assertThat(b).startsWith("ISA 2006"))
                .anySatisfy(b -> assertThat(b).contains("cas01 runs WINDOWS_SERVER_2016").contains("LEGACY PFX"))
                .anySatisfy(b -> assertThat(b).contains("isa01 runs WINDOWS_SERVER_2003"))
                .anySatisfy(b -> assertThat(b).startsWith("public: a person sends each CSR"));
        assertThat(plan.automatable()).isZero();
    }

    @Test
    void aCasCertificatePublishedByIsaIsPublicAndTakesAnIsaExportOnThePublisher() {
        Readiness.Row row = Readiness.plan(TODAY, List.of(new Readiness.Slot("cas01", List.of(ServerRole.CLIENT_ACCESS), false,
                ServerOs.WINDOWS_SERVER_2019, ServiceKind.IIS, "mail", "CN=mail", KeyCustody.CENTRAL, null,
                List.of(new Readiness.Publisher("isa01", ServerOs.WINDOWS_SERVER_2003, "OWA Listener")))), PRIVATE, MINUTES)
                .rows().get(0);

        assertThat(row.publicCertificate()).as("published to the internet").isTrue();
        assertThat(row.slots()).containsExactly("IIS on cas01", "published by isa01 (OWA Listener)");
        assertThat(row.steps()).extracting(Readiness.PlannedStep::describe).containsExactly(Step.CSR_TO_CA.what(),
                Step.EXCHANGE_ENABLE.what() + " (cas01)", Step.ISA_EXPORT.what() + " (isa01)");
        assertThat(row.blockers()).anySatisfy(b -> assertThat(b).startsWith("ISA 2006 has no interface"))
                .anySatisfy(b -> assertThat(b).isEqualTo("isa01 runs WINDOWS_SERVER_2003, which imports only a LEGACY PFX (3DES, SHA-1 MAC)"))
                .noneSatisfy(b -> assertThat(b).startsWith("cas01"));
    }

    @Test
    void aKeyMadeOnTheServerAddsTheServersRequestAndNeedsAPerson() {
        Readiness.Row row = Readiness.plan(TODAY, List.of(slot("um01", List.of(ServerRole.UNIFIED_MESSAGING), false,
                ServerOs.WINDOWS_SERVER_2022, ServiceKind.UM, "um", KeyCustody.ON_SERVER, null)), PRIVATE, MINUTES).rows().get(0);

        assertThat(row.steps()).extracting(Readiness.PlannedStep::step).containsExactly(Step.SERVER_CSR, Step.EXCHANGE_ENABLE);
        assertThat(row.minutesPerRenewal()).isEqualTo(40);
        assertThat(row.blockers()).containsExactly("the key is made on the server (ON_SERVER): a person makes each request there");
    }

    @Test
    void anEdgeServerIsSubscribedAgainAfterEachRenewal() {
        Readiness.Row row = Readiness.plan(TODAY, List.of(slot("edge01", List.of(ServerRole.EDGE_TRANSPORT), true,
                ServerOs.WINDOWS_SERVER_2019, ServiceKind.SMTP, "edge", KeyCustody.CENTRAL, null)), PRIVATE, MINUTES).rows().get(0);

        assertThat(row.publicCertificate()).isTrue();
        assertThat(row.steps()).extracting(Readiness.PlannedStep::step)
                .containsExactly(Step.CSR_TO_CA, Step.EXCHANGE_ENABLE, Step.EDGESYNC_RESUBSCRIBE);
    }

    @Test
    void aRenewBeforeLongerThanTheValidityIsNamedAndCountedAsADailyRenewal() {
        Readiness.Row row = Readiness.plan(TODAY, List.of(slot("cas02", List.of(ServerRole.CLIENT_ACCESS), true,
                ServerOs.WINDOWS_SERVER_2022, ServiceKind.IIS, "owa", KeyCustody.CENTRAL, Duration.ofDays(60))), PRIVATE, MINUTES)
                .rows().get(0);

        assertThat(row.renewalsPerYear().get(0)).isCloseTo(365.0 / 140, within(1e-9));
        assertThat(row.renewalsPerYear().get(1)).isCloseTo(365.0 / 40, within(1e-9));
        assertThat(row.renewalsPerYear().get(2)).isEqualTo(365.0);
        assertThat(row.blockers()).contains("renew-before 60 days is not shorter than a 47-day validity");
    }

    @Test
    void theEstatesHoursAreTheSumOfItsCertificatesAndTheBusiestComesFirst() {
        Readiness.Plan plan = Readiness.plan(TODAY, List.of(
                slot("hub01", List.of(ServerRole.HUB_TRANSPORT), false, ServerOs.WINDOWS_SERVER_2019, ServiceKind.SMTP, "hub",
                        KeyCustody.CENTRAL, null),
                slot("cas01", List.of(ServerRole.CLIENT_ACCESS), true, ServerOs.WINDOWS_SERVER_2019, ServiceKind.IIS, "mail",
                        KeyCustody.CENTRAL, null)), PRIVATE, Map.of(Step.EXCHANGE_ENABLE, 20));

        assertThat(plan.rows()).extracting(Readiness.Row::name).containsExactly("CN=mail", "CN=hub");
        for (int i = 0; i < plan.periods().size(); i++) {
            int period = i;
            assertThat(plan.totalHours().get(i)).isCloseTo(plan.rows().stream().mapToDouble(r -> r.hoursPerYear().get(period)).sum(),
                    within(1e-9));
        }
        // a step without minutes configured counts none
        assertThat(plan.rows().get(0).minutesPerRenewal()).isEqualTo(20);
    }
}
