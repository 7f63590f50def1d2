package io.certlife.outbound;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Every request certlife sends to an address it did not choose itself (a CRL or OCSP URL from a certificate, a
 * discovery target, a webhook) goes through here: the name is resolved and every address it resolves to is checked
 * before anything is sent. Denied by default: loopback, link-local (cloud metadata at 169.254.169.254), private and
 * unique-local ranges, carrier-grade NAT, multicast, the unspecified and broadcast addresses; {@code
 * certlife.outbound.allow} opens networks (the estate's; loopback for the local run and the tests) and {@code
 * certlife.outbound.deny} closes networks whatever else is said. HTTP fetches follow redirects only after checking
 * each new address, and are bounded in time and size.
 */
@ApplicationScoped
public class OutboundGuard {

    /** Networks denied unless {@code certlife.outbound.allow} opens them. */
    public static final List<String> DENIED_BY_DEFAULT = List.of("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10",
            "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15",
            "224.0.0.0/4", "240.0.0.0/4", "::/128", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8");

    @Inject
    OutboundConfig config;

    private List<Network> defaults;
    private List<Network> allowed;
    private List<Network> denied;
    private HttpClient http;

    @PostConstruct
    void load() {
        defaults = DENIED_BY_DEFAULT.stream().map(Network::parse).toList();
        allowed = parse(config.allow(), "certlife.outbound.allow");
        denied = parse(config.deny(), "certlife.outbound.deny");
        http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(config.timeout()).build();
    }

    private static List<Network> parse(Optional<List<String>> networks, String key) {
        try {
            return networks.orElse(List.of()).stream().map(Network::parse).toList();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(key + ": " + e.getMessage());
        }
    }

    /**
     * The address to connect to for {@code host}: resolved once, every address checked (a name that resolves to one
     * denied address is refused), the first returned so the caller connects to exactly what was checked. A URI's
     * bracketed IPv6 host is taken as it comes (RFC 2732, as {@link InetAddress#getAllByName} reads it).
     *
     * @throws UnknownHostException when the name does not resolve now (perhaps a passing DNS outage: not a refusal)
     */
    public InetAddress check(String host) throws OutboundRefused, UnknownHostException {
        if (host == null || host.isBlank()) {
            throw new OutboundRefused("no host to reach");
        }
        InetAddress[] addresses = InetAddress.getAllByName(host);
        for (InetAddress address : addresses) {
            Optional<String> rule = decide(address);
            if (rule.isPresent()) {
                throw new OutboundRefused(host + (host.equals(address.getHostAddress()) ? "" : " (" + address.getHostAddress()
                        + ")") + " is " + rule.get());
            }
        }
        return addresses[0];
    }

    /** Why an address is refused, or empty when it may be reached. Decides without connecting. */
    public Optional<String> decide(InetAddress address) {
        for (Network network : denied) {
            if (network.contains(address)) {
                return Optional.of("in " + network + ", denied by certlife.outbound.deny");
            }
        }
        if (allowed.stream().anyMatch(network -> network.contains(address))) {
            return Optional.empty();
        }
        return defaults.stream().filter(network -> network.contains(address)).findFirst()
                .map(network -> "in " + network + ", which is denied unless certlife.outbound.allow names it");
    }

    /** An HTTP GET: each address checked, redirects re-checked, at most {@code max-bytes} read, within {@code timeout}. */
    public Fetched get(URI uri) throws OutboundRefused, IOException, InterruptedException {
        return send(uri, HttpRequest.BodyPublishers.noBody(), "GET", null);
    }

    /**
     * An HTTP POST of {@code body} (an OCSP request, say), bounded and checked as {@link #get}; a redirect repeats the
     * POST at the new address after checking it (307 and 308 mean exactly that; OCSP responders send nothing else).
     */
    public Fetched post(URI uri, String contentType, byte[] body) throws OutboundRefused, IOException, InterruptedException {
        return send(uri, HttpRequest.BodyPublishers.ofByteArray(body), "POST", contentType);
    }

    private Fetched send(URI uri, HttpRequest.BodyPublisher body, String method, String contentType)
            throws OutboundRefused, IOException, InterruptedException {
        Instant deadline = Instant.now().plus(config.timeout());
        URI current = uri;
        for (int redirects = 0; ; redirects++) {
            if (!"http".equalsIgnoreCase(current.getScheme()) && !"https".equalsIgnoreCase(current.getScheme())) {
                throw new OutboundRefused(current.getScheme() + " is not HTTP(S)");
            }
            if (current.getHost() == null) {
                throw new OutboundRefused("the URL names no host");
            }
            check(current.getHost());
            Duration left = Duration.between(Instant.now(), deadline);
            if (left.isNegative() || left.isZero()) {
                throw new IOException("no answer within " + config.timeout());
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(current).timeout(left).method(method, body);
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            HttpResponse<BoundedBody.Read> response = http.send(request.build(), BoundedBody.handler(config.maxBytes(), deadline));
            int status = response.statusCode();
            Optional<String> location = response.headers().firstValue("Location");
            if (status / 100 == 3 && location.isPresent()) {
                if (redirects >= config.maxRedirects()) {
                    throw new OutboundRefused("more than " + config.maxRedirects() + " redirects");
                }
                current = current.resolve(location.get());
                continue;
            }
            if (response.body().truncated()) {
                throw new OutboundRefused("the answer is larger than " + config.maxBytes() + " bytes");
            }
            return new Fetched(current, status, response.body().bytes());
        }
    }

    /** What an HTTP request answered: the final URL, the status and the body (bounded). */
    public record Fetched(URI uri, int status, byte[] body) {
    }
}
