package io.certlife.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The guard's decisions, taken on addresses alone (those tests send no packet anywhere), and the bounds of its fetches
 * against a server of the test's own on loopback.
 */
class OutboundGuardTest {

    private static OutboundGuard guard(List<String> allow, List<String> deny) {
        OutboundGuard guard = new OutboundGuard();
        guard.config = new OutboundConfig() {
            public Optional<List<String>> allow() {
                return Optional.of(allow);
            }

            public Optional<List<String>> deny() {
                return Optional.of(deny);
            }

            public int maxRedirects() {
                return 3;
            }

            public int maxBytes() {
                return 1024;
            }

            public Duration timeout() {
                return Duration.ofSeconds(1);
            }
        };
        guard.load();
        return guard;
    }

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void metadataLinkLocalLoopbackAndPrivateRangesAreDeniedByDefault() throws Exception {
        OutboundGuard guard = guard(List.of(), List.of());
        for (String address : List.of("169.254.169.254", "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "100.64.0.1",
                "0.0.0.0", "::1", "fe80::1", "fd00:ec2::254", "::ffff:169.254.169.254", "224.0.0.1")) {
            assertThat(guard.decide(ip(address))).as(address).isPresent();
        }
        assertThat(guard.decide(ip("169.254.169.254")).orElseThrow()).contains("169.254.0.0/16");
        assertThat(guard.decide(ip("93.184.216.34"))).as("a public address").isEmpty();
        assertThat(guard.decide(ip("2606:2800:220:1::1"))).as("a public IPv6 address").isEmpty();
    }

    @Test
    void allowOpensANetworkAndDenyClosesOneWhateverAllowSays() throws Exception {
        OutboundGuard guard = guard(List.of("127.0.0.0/8", "10.0.0.0/8"), List.of("127.0.0.2/32", "10.9.0.0/16"));
        assertThat(guard.decide(ip("127.0.0.1"))).isEmpty();
        assertThat(guard.decide(ip("10.1.2.3"))).isEmpty();
        assertThat(guard.decide(ip("127.0.0.2")).orElseThrow()).contains("certlife.outbound.deny");
        assertThat(guard.decide(ip("10.9.1.1"))).isPresent();
        assertThat(guard.decide(ip("169.254.169.254"))).as("still denied by default").isPresent();
    }

    @Test
    void aNameIsCheckedByEveryAddressItResolvesTo() throws Exception {
        assertThatThrownBy(() -> guard(List.of(), List.of()).check("localhost")).isInstanceOf(OutboundRefused.class)
                .hasMessageContaining("denied unless certlife.outbound.allow");
        assertThat(guard(List.of("127.0.0.0/8", "::1/128"), List.of()).check("localhost").isLoopbackAddress()).isTrue();
        assertThatThrownBy(() -> guard(List.of(), List.of()).check("[::1]")).as("a URI's bracketed IPv6 host")
                .isInstanceOf(OutboundRefused.class).hasMessageContaining("::1/128");
        assertThatThrownBy(() -> guard(List.of(), List.of()).get(java.net.URI.create("file:///etc/passwd")))
                .isInstanceOf(OutboundRefused.class).hasMessageContaining("not HTTP");
    }

    @Test
    void aMisconfiguredNetworkStopsTheStart() {
        assertThatThrownBy(() -> guard(List.of("intranet.example"), List.of())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("certlife.outbound.allow");
        assertThatThrownBy(() -> guard(List.of("10.0.0.0/40"), List.of())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @Timeout(60)
    void aFetchReadsAtMostMaxBytesAndEndsWithinTheTimeoutHoweverTheBodyComes() throws Exception {
        OutboundGuard guard = guard(List.of("127.0.0.0/8"), List.of());
        CompletableFuture<Throwable> dribblerEnded = new CompletableFuture<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/small", exchange -> {
            exchange.sendResponseHeaders(200, 1024);
            exchange.getResponseBody().write(new byte[1024]);
            exchange.close();
        });
        server.createContext("/large", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(new byte[1025]);
            }
        });
        server.createContext("/dribble", exchange -> {
            // headers at once, then a byte every 100 ms for as long as the client listens
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            try {
                for (int i = 0; i < 300; i++) {
                    out.write('x');
                    out.flush();
                    Thread.sleep(100);
                }
                exchange.close();
                dribblerEnded.complete(null);
            } catch (IOException | InterruptedException e) {
                dribblerEnded.complete(e);
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            assertThat(guard.get(URI.create(base + "/small")).body()).as("exactly max-bytes is an answer").hasSize(1024);
            assertThatThrownBy(() -> guard.get(URI.create(base + "/large"))).isInstanceOf(OutboundRefused.class)
                    .hasMessageContaining("larger than 1024 bytes");

            long start = System.nanoTime();
            assertThatThrownBy(() -> guard.get(URI.create(base + "/dribble"))).as("a body that never ends")
                    .isInstanceOf(HttpTimeoutException.class);
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(tookMillis).as("ended by the 1 s timeout, not by the server's 30 s").isBetween(900L, 5_000L);
            assertThat(dribblerEnded.get(10, TimeUnit.SECONDS)).as("the client closed the connection: the server's write failed")
                    .isInstanceOf(IOException.class);
        } finally {
            server.stop(0);
        }
    }
}
