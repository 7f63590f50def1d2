package io.certlife.renewal.issuer.acme;

import io.certlife.outbound.OutboundGuard;
import io.certlife.outbound.OutboundRefused;
import io.certlife.renewal.config.AcmeConfig;
import io.certlife.renewal.keys.KeyVault;
import io.certlife.renewal.keys.PrivateKeyRecord;
import io.certlife.renewal.keys.RenewalKeys;
import io.certlife.renewal.pki.KeySpec;
import io.certlife.renewal.pki.Pem;
import io.certlife.renewal.pki.Pki;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.OrderBuilder;
import org.shredzone.acme4j.RenewalInfo;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.connector.Resource;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Dns01Challenge;
import org.shredzone.acme4j.connector.HttpConnector;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeLazyLoadingException;
import org.shredzone.acme4j.exception.AcmeNetworkException;
import org.shredzone.acme4j.exception.AcmeProtocolException;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

/**
 * The configured ACME CA (RFC 8555, acme4j): certlife's account there (made at first use when the terms of service
 * are agreed in configuration, with external account binding when configured; its key sealed in the key vault), and
 * the steps of an order. Every request goes through the outbound guard and follows no redirect. Each step either
 * succeeds or throws an {@link AcmeFailure} that says what the renewal records; no database transaction is held
 * while the CA is asked.
 */
@ApplicationScoped
public class AcmeCa {

    /** The CA's problem types that no retry changes (RFC 8555 section 6.7). */
    private static final Set<String> FINAL_PROBLEMS = Set.of("rejectedIdentifier", "unsupportedIdentifier", "caa",
            "badCSR", "unauthorized", "externalAccountRequired", "userActionRequired", "badSignatureAlgorithm",
            "unsupportedContact", "invalidContact", "accountDoesNotExist");

    @Inject
    AcmeConfig config;

    @Inject
    OutboundGuard guard;

    @Inject
    KeyVault vault;

    @Inject
    RenewalKeys renewalKeys;

    @Inject
    Clock clock;

    private Login login;

    /** What a placed order asks for: the order's URL and one dns-01 challenge per name not yet authorized. */
    public record Placed(String orderUrl, List<AcmeOrder.DnsChallenge> challenges) {
    }

    /** Where an order stands at the CA. */
    public sealed interface Progress {
    }

    /** The CA has not decided yet; look again after {@code after}. */
    public record Waiting(Instant after) implements Progress {
    }

    /** Every name is proven: the order waits for the CSR. */
    public record Ready() implements Progress {
    }

    /** Issued: the leaf and the chain above it. */
    public record Issued(List<X509Certificate> chain) implements Progress {
    }

    /** The CA's suggested renewal window for a certificate (ARI, RFC 9773) and when to ask again. */
    public record Window(Instant start, Instant end, Optional<Instant> retryAfter) {
    }

    /**
     * Places an order for the names, in order; {@code zones} names the zone of each. {@code replaces} (the certificate
     * this one succeeds, when this CA issued it) is sent as the order's {@code replaces} where the CA offers ARI.
     */
    public Placed order(List<String> names, java.util.function.Function<String, String> zones, Optional<X509Certificate> replaces)
            throws AcmeFailure {
        return call(() -> {
            Login login = login();
            OrderBuilder builder = login.newOrder().domains(names);
            if (replaces.isPresent() && login.getSession().resourceUrlOptional(Resource.RENEWAL_INFO).isPresent()) {
                builder.replaces(replaces.get());
            }
            Order order = builder.create();
            List<AcmeOrder.DnsChallenge> challenges = new ArrayList<>();
            for (Authorization authorization : order.getAuthorizations()) {
                if (authorization.getStatus() == Status.VALID) {
                    continue;
                }
                String domain = authorization.getIdentifier().getDomain();
                Dns01Challenge challenge = authorization.findChallenge(Dns01Challenge.class).orElseThrow(() -> new AcmeFailure(
                        AcmeFailure.REFUSED, "the CA offers no dns-01 challenge for " + domain, true, null));
                challenges.add(new AcmeOrder.DnsChallenge(domain, zones.apply(domain), Dns01Challenge.toRRName(domain)
                        .replaceAll("\\.$", ""), challenge.getDigest(), challenge.getLocation().toString()));
            }
            return new Placed(order.getLocation().toString(), challenges);
        });
    }

    /** The CA's renewal window for the certificate, or empty when its directory offers no {@code renewalInfo}. */
    public Optional<Window> renewalInfo(X509Certificate certificate) throws AcmeFailure {
        return call(() -> {
            Login login = login();
            if (login.getSession().resourceUrlOptional(Resource.RENEWAL_INFO).isEmpty()) {
                return Optional.empty();
            }
            RenewalInfo info = login.bindRenewalInfo(certificate);
            Optional<Instant> retryAfter = info.fetch();
            return Optional.of(new Window(info.getSuggestedWindowStart(), info.getSuggestedWindowEnd(), retryAfter));
        });
    }

    /** Tells the CA to look at each challenge's record. */
    public void trigger(List<AcmeOrder.DnsChallenge> challenges) throws AcmeFailure {
        call(() -> {
            for (AcmeOrder.DnsChallenge challenge : challenges) {
                Dns01Challenge bound = login().bindChallenge(new URL(challenge.url()), Dns01Challenge.class);
                if (bound.getStatus() == Status.PENDING) {
                    bound.trigger();
                }
            }
            return null;
        });
    }

    /** Where the order stands; an invalid order throws, naming the CA's reason (a challenge's error when one failed). */
    public Progress progress(String orderUrl) throws AcmeFailure {
        return call(() -> {
            Order order = login().bindOrder(new URL(orderUrl));
            Optional<Instant> retryAfter = order.fetch();
            return switch (order.getStatus()) {
                case READY -> new Ready();
                case VALID -> {
                    var certificate = order.getCertificate();
                    certificate.download();
                    yield new Issued(certificate.getCertificateChain());
                }
                case INVALID -> throw invalid(order);
                default -> new Waiting(retryAfter.orElse(clock.instant()));
            };
        });
    }

    /** Finalizes the ready order with the renewal's CSR (DER). */
    public void finalizeOrder(String orderUrl, byte[] csr) throws AcmeFailure {
        call(() -> {
            login().bindOrder(new URL(orderUrl)).execute(csr);
            return null;
        });
    }

    private AcmeFailure invalid(Order order) throws AcmeException {
        Optional<Instant> expires = order.getExpires();
        for (Authorization authorization : order.getAuthorizations()) {
            if (authorization.getStatus() == Status.INVALID) {
                String detail = authorization.getChallenges().stream().map(c -> c.getError()).flatMap(Optional::stream)
                        .map(AcmeCa::describe).findFirst().orElse("no detail");
                return AcmeFailure.passing(AcmeFailure.CHALLENGE_INVALID, "the CA could not validate "
                        + authorization.getIdentifier().getDomain() + ": " + detail);
            }
        }
        if (expires.isPresent() && !expires.get().isAfter(clock.instant())) {
            return AcmeFailure.passing(AcmeFailure.ORDER_EXPIRED, "the order expired at " + expires.get());
        }
        return AcmeFailure.passing(AcmeFailure.ORDER_INVALID, "the CA made the order invalid: "
                + order.getError().map(AcmeCa::describe).orElse("no detail"));
    }

    private interface Step<T> {
        T run() throws AcmeException, AcmeFailure, IOException;
    }

    /** Runs a step against the CA, turning what the CA or the network said into an {@link AcmeFailure}. */
    private <T> T call(Step<T> step) throws AcmeFailure {
        try {
            return step.run();
        } catch (AcmeLazyLoadingException e) {
            throw failure(e.getCause() instanceof AcmeException cause ? cause : new AcmeException(e.getMessage()));
        } catch (AcmeException e) {
            throw failure(e);
        } catch (GuardRefusal e) {
            throw AcmeFailure.passing(AcmeFailure.OUTBOUND_REFUSED, "the ACME directory's server is refused: " + e.getMessage());
        } catch (UncheckedIOException | IOException | AcmeProtocolException e) {
            throw AcmeFailure.passing(AcmeFailure.UNAVAILABLE, "the CA could not be reached: " + e.getMessage());
        }
    }

    private static AcmeFailure failure(AcmeException e) {
        if (e instanceof AcmeRateLimitedException limited) {
            return new AcmeFailure(AcmeFailure.RATE_LIMITED, "the CA limits the rate: " + limited.getMessage(), false,
                    limited.getRetryAfter().orElse(null));
        }
        if (e instanceof AcmeServerException server) {
            String type = server.getType().toString().replace("urn:ietf:params:acme:error:", "");
            return new AcmeFailure(FINAL_PROBLEMS.contains(type) ? AcmeFailure.REFUSED : AcmeFailure.UNAVAILABLE,
                    "the CA answered " + type + ": " + server.getMessage(), FINAL_PROBLEMS.contains(type), null);
        }
        return AcmeFailure.passing(AcmeFailure.UNAVAILABLE, "the CA could not be reached: " + e.getMessage()
                + (e instanceof AcmeNetworkException && e.getCause() != null ? " (" + e.getCause().getMessage() + ")" : ""));
    }

    private static String describe(Problem problem) {
        return problem.getType().toString().replace("urn:ietf:params:acme:error:", "") + problem.getDetail().map(d -> ": " + d).orElse("");
    }

    /** The account's login, made once per process; the account itself at first use ever. */
    private synchronized Login login() throws AcmeException, AcmeFailure {
        if (login != null) {
            return login;
        }
        URI directory = config.directory().orElseThrow(() -> new AcmeFailure(AcmeFailure.REFUSED,
                "certlife.acme.directory is not set", true, null));
        Session session = new Session(directory, new GuardedProvider(guard, tlsContext()));
        Optional<AcmeAccount> stored = QuarkusTransaction.requiringNew().call(() -> AcmeAccount.<AcmeAccount>findByIdOptional(directory.toString()));
        if (stored.isEmpty()) {
            if (!config.termsOfServiceAgreed()) {
                throw new AcmeFailure(AcmeFailure.REFUSED, "no ACME account yet: read the CA's terms of service ("
                        + session.getMetadata().getTermsOfService().map(URI::toString).orElse("the CA publishes none")
                        + ") and set certlife.acme.terms-of-service-agreed=true", true, null);
            }
            KeyPair keys = Pki.generateKeyPair(KeySpec.of("EC", 256));
            AccountBuilder builder = new AccountBuilder().agreeToTermsOfService().useKeyPair(keys);
            config.contact().ifPresent(builder::addContact);
            if (config.eabKeyId().isPresent()) {
                builder.withKeyIdentifier(config.eabKeyId().get(), config.eabHmacKey().orElseThrow(() -> new AcmeFailure(
                        AcmeFailure.REFUSED, "certlife.acme.eab-key-id is set without certlife.acme.eab-hmac-key", true, null)));
            }
            URL location = builder.create(session).getLocation();
            QuarkusTransaction.requiringNew().run(() -> store(directory.toString(), location, keys));
            stored = QuarkusTransaction.requiringNew().call(() -> AcmeAccount.<AcmeAccount>findByIdOptional(directory.toString()));
        }
        AcmeAccount account = stored.orElseThrow();
        KeyPair keys = QuarkusTransaction.requiringNew().call(() -> keyPair(account));
        try {
            login = session.login(new URL(account.location), keys);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return login;
    }

    /** Stores the account unless another replica stored one for this directory first (then that one is used). */
    private void store(String directory, URL location, KeyPair keys) {
        if (AcmeAccount.findByIdOptional(directory).isPresent()) {
            return;
        }
        PrivateKeyRecord record = renewalKeys.store(null, UUID.randomUUID(), keys.getPrivate());
        AcmeAccount account = new AcmeAccount();
        account.directory = directory;
        account.location = location.toString();
        account.keyId = record.id;
        account.keyBinding = record.certificateId;
        account.publicKey = keys.getPublic().getEncoded();
        account.createdAt = clock.instant();
        account.persist();
    }

    private KeyPair keyPair(AcmeAccount account) {
        PrivateKeyRecord record = PrivateKeyRecord.<PrivateKeyRecord>findByIdOptional(account.keyId).orElseThrow();
        try {
            return new KeyPair(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(account.publicKey)),
                    vault.open(record.id, account.keyBinding, record.sealed()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the ACME account's public key cannot be read", e);
        }
    }

    /** The JDK's trusted CAs plus {@code certlife.acme.tls-trust}'s, or null for the JDK's alone. */
    private SSLContext tlsContext() {
        if (config.tlsTrust().isEmpty()) {
            return null;
        }
        try {
            KeyStore trusted = KeyStore.getInstance(new File(System.getProperty("java.home"), "lib/security/cacerts"), (char[]) null);
            int n = 0;
            for (X509Certificate ca : Pem.certificates(Files.readString(config.tlsTrust().get()))) {
                trusted.setCertificateEntry("certlife-acme-" + n++, ca);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("certlife.acme.tls-trust " + config.tlsTrust().get() + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** A request the outbound guard refused, raised where acme4j allows no checked exception. */
    static final class GuardRefusal extends RuntimeException {
        GuardRefusal(String message) {
            super(message);
        }
    }

    /** acme4j's provider with every request's host checked by the outbound guard, no redirects, and the configured trust. */
    private static final class GuardedProvider extends GenericAcmeProvider {
        private final OutboundGuard guard;
        private final SSLContext tls;

        GuardedProvider(OutboundGuard guard, SSLContext tls) {
            this.guard = guard;
            this.tls = tls;
        }

        @Override
        protected HttpConnector createHttpConnector(NetworkSettings settings) {
            return new HttpConnector(settings) {
                @Override
                public HttpRequest.Builder createRequestBuilder(URL url) {
                    try {
                        guard.check(url.getHost());
                    } catch (OutboundRefused e) {
                        throw new GuardRefusal(e.getMessage());
                    } catch (UnknownHostException e) {
                        throw new UncheckedIOException(e);
                    }
                    return super.createRequestBuilder(url);
                }

                @Override
                public HttpClient.Builder createClientBuilder() {
                    HttpClient.Builder builder = super.createClientBuilder().followRedirects(HttpClient.Redirect.NEVER);
                    return tls == null ? builder : builder.sslContext(tls);
                }
            };
        }
    }
}
