package io.certlife.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;

/**
 * The locked-down baseline every certlife Deployment must meet (the restricted Pod Security Standard plus
 * probes and resource limits): what is missing, named; empty when the Deployment meets it.
 */
final class Hardening {

    static List<String> problems(Deployment deployment) {
        String name = deployment.getMetadata().getName();
        List<String> problems = new ArrayList<>();
        var pod = deployment.getSpec().getTemplate().getSpec();
        PodSecurityContext podSecurity = pod.getSecurityContext();
        if (!Boolean.FALSE.equals(pod.getAutomountServiceAccountToken())) {
            problems.add(name + ": automountServiceAccountToken must be false");
        }
        for (Container c : pod.getContainers()) {
            String where = name + "/" + c.getName();
            SecurityContext security = c.getSecurityContext();
            boolean nonRoot = security != null && Boolean.TRUE.equals(security.getRunAsNonRoot())
                    || podSecurity != null && Boolean.TRUE.equals(podSecurity.getRunAsNonRoot());
            if (!nonRoot) {
                problems.add(where + ": runAsNonRoot must be true");
            }
            boolean seccomp = security != null && security.getSeccompProfile() != null
                    && "RuntimeDefault".equals(security.getSeccompProfile().getType())
                    || podSecurity != null && podSecurity.getSeccompProfile() != null
                    && "RuntimeDefault".equals(podSecurity.getSeccompProfile().getType());
            if (!seccomp) {
                problems.add(where + ": seccompProfile must be RuntimeDefault");
            }
            if (security == null || !Boolean.TRUE.equals(security.getReadOnlyRootFilesystem())) {
                problems.add(where + ": readOnlyRootFilesystem must be true");
            }
            if (security == null || !Boolean.FALSE.equals(security.getAllowPrivilegeEscalation())) {
                problems.add(where + ": allowPrivilegeEscalation must be false");
            }
            if (security != null && Boolean.TRUE.equals(security.getPrivileged())) {
                problems.add(where + ": must not be privileged");
            }
            if (security == null || security.getCapabilities() == null || security.getCapabilities().getDrop() == null
                    || !security.getCapabilities().getDrop().contains("ALL")
                    || security.getCapabilities().getAdd() != null && !security.getCapabilities().getAdd().isEmpty()) {
                problems.add(where + ": capabilities must drop ALL and add none");
            }
            if (c.getLivenessProbe() == null) {
                problems.add(where + ": livenessProbe missing");
            }
            if (c.getReadinessProbe() == null) {
                problems.add(where + ": readinessProbe missing");
            }
            if (c.getStartupProbe() == null) {
                problems.add(where + ": startupProbe missing");
            }
            var resources = c.getResources();
            if (resources == null || resources.getRequests() == null || !resources.getRequests().containsKey("cpu")
                    || !resources.getRequests().containsKey("memory")) {
                problems.add(where + ": cpu and memory requests missing");
            }
            if (resources == null || resources.getLimits() == null || !resources.getLimits().containsKey("cpu")
                    || !resources.getLimits().containsKey("memory")) {
                problems.add(where + ": cpu and memory limits missing");
            }
        }
        return problems;
    }

    private Hardening() {
    }
}
