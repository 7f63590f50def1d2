package io.certlife.inventory.discovery;

import io.certlife.inventory.Refusal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The ad-hoc endpoints a discovery request names: host:port targets, and a CIDR range on some ports. Pure. */
final class Targets {

    private Targets() {
    }

    /**
     * The request's endpoints, at most {@code maxEndpoints} (targets plus addresses times ports), else refused before
     * anything is probed.
     */
    static List<Endpoint> of(DiscoveryService.Request request, int maxCidrAddresses, int maxEndpoints) {
        List<Endpoint> endpoints = new ArrayList<>();
        List<String> targets = Optional.ofNullable(request.targets()).orElse(List.of());
        if (targets.size() > maxEndpoints) {
            throw Refusal.invalid(targets.size() + " targets, over the limit of " + maxEndpoints
                    + " endpoints per run (certlife.discovery.max-endpoints)");
        }
        for (String target : targets) {
            endpoints.add(parse(target));
        }
        if (request.cidr() != null && !request.cidr().isBlank()) {
            List<Integer> ports = request.ports() == null || request.ports().isEmpty() ? List.of(443)
                    : request.ports().stream().distinct().toList();
            for (int port : ports) {
                if (port < 1 || port > 65535) {
                    throw Refusal.invalid("port " + port + " is out of range");
                }
            }
            List<String> addresses = Cidr.expand(request.cidr(), maxCidrAddresses);
            long total = (long) addresses.size() * ports.size() + endpoints.size();
            if (total > maxEndpoints) {
                throw Refusal.invalid(request.cidr() + " on " + ports.size() + " port(s) is " + total
                        + " endpoints, over the limit of " + maxEndpoints + " per run (certlife.discovery.max-endpoints)");
            }
            for (String address : addresses) {
                ports.forEach(port -> endpoints.add(new Endpoint(address, address, port, Endpoint.modeForPort(port), null, null)));
            }
        }
        return endpoints;
    }

    static Endpoint parse(String target) {
        int colon = target.lastIndexOf(':');
        if (colon <= 0 || colon == target.length() - 1) {
            throw Refusal.invalid("target '" + target + "' is not host:port");
        }
        String host = target.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(target.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw Refusal.invalid("target '" + target + "' has no numeric port");
        }
        if (port < 1 || port > 65535) {
            throw Refusal.invalid("target '" + target + "': port out of range");
        }
        return new Endpoint(host, host, port, Endpoint.modeForPort(port), null, null);
    }
}
