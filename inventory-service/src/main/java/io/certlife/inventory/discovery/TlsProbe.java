package io.certlife.inventory.discovery;

import io.certlife.events.ServiceKind.TlsMode;
import io.certlife.events.ServiceKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Connects to one endpoint, starts TLS the way the service does (implicit, SMTP STARTTLS, POP3 STLS,
 * IMAP STARTTLS) and records the chain the server presents. It trusts everything on purpose: the point
 * is to see what is served, expired or self-signed included; nothing is sent after the handshake.
 */
public final class TlsProbe {

    /**
     * What an endpoint presented, or why it could not be read: a {@link Reason} constant and a short message of
     * certlife's own words and the JDK's, never what the remote end said (a banner is not repeated to the caller).
     */
    public record Result(Endpoint endpoint, List<X509Certificate> chain, String reason, String error) {
        public boolean ok() {
            return error == null;
        }

        static Result failed(Endpoint endpoint, String reason, String message) {
            return new Result(endpoint, List.of(), reason, sanitized(message));
        }
    }

    /** Why a probe failed: stable constants. */
    public static final class Reason {
        public static final String OUTBOUND_REFUSED = "OutboundRefused";
        public static final String UNRESOLVABLE = "Unresolvable";
        public static final String CONNECT_FAILED = "ConnectFailed";
        public static final String TIMEOUT = "Timeout";
        public static final String STARTTLS_REFUSED = "StartTlsRefused";
        public static final String HANDSHAKE_FAILED = "HandshakeFailed";

        private Reason() {
        }
    }

    /** The server did not take STARTTLS; the message says which step, not what the server said. */
    private static final class StartTlsRefused extends IOException {
        StartTlsRefused(String message) {
            super(message);
        }
    }

    private static final int MESSAGE_LIMIT = 160;

    private static final SecureRandom RANDOM = new SecureRandom();

    private TlsProbe() {
    }

    /** Probes the endpoint at {@code address} (the one the outbound guard checked). */
    public static Result probe(Endpoint endpoint, InetAddress address, Duration timeout) {
        int millis = (int) timeout.toMillis();
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(address, endpoint.port()), millis);
            plain.setSoTimeout(millis);
            startTls(plain, endpoint.mode());
            // a fresh context per probe: no session resumption, so every probe sees a full handshake
            try (SSLSocket tls = (SSLSocket) trustAll().getSocketFactory()
                    .createSocket(plain, endpoint.host(), endpoint.port(), false)) {
                if (isHostName(endpoint.host())) {
                    SSLParameters parameters = tls.getSSLParameters();
                    parameters.setServerNames(List.of(new SNIHostName(endpoint.host())));
                    tls.setSSLParameters(parameters);
                }
                tls.setSoTimeout(millis);
                tls.startHandshake();
                Certificate[] presented = tls.getSession().getPeerCertificates();
                return new Result(endpoint, Arrays.stream(presented).map(c -> (X509Certificate) c).toList(), null, null);
            }
        } catch (StartTlsRefused e) {
            return Result.failed(endpoint, Reason.STARTTLS_REFUSED, e.getMessage());
        } catch (SocketTimeoutException e) {
            return Result.failed(endpoint, Reason.TIMEOUT, "no answer within " + timeout);
        } catch (SSLException e) {
            return Result.failed(endpoint, Reason.HANDSHAKE_FAILED, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            return Result.failed(endpoint, Reason.CONNECT_FAILED, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Printable ASCII only, at most {@value #MESSAGE_LIMIT} characters. */
    static String sanitized(String message) {
        String printable = String.valueOf(message).replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() > MESSAGE_LIMIT ? printable.substring(0, MESSAGE_LIMIT) + "..." : printable;
    }

    private static void startTls(Socket socket, TlsMode mode) throws IOException {
        if (mode == TlsMode.IMPLICIT) {
            return;
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = socket.getOutputStream();
        switch (mode) {
            case SMTP_STARTTLS -> {
                expectSmtp(in, "220");
                send(out, "EHLO certlife.discovery");
                expectSmtp(in, "250");
                send(out, "STARTTLS");
                expectSmtp(in, "220");
            }
            case POP3_STLS -> {
                expectLine(in, "+OK");
                send(out, "STLS");
                expectLine(in, "+OK");
            }
            case IMAP_STARTTLS -> {
                expectLine(in, "* OK");
                send(out, "a1 STARTTLS");
                String line;
                do {
                    line = in.readLine();
                    if (line == null) {
                        throw new StartTlsRefused("IMAP server closed the connection before STARTTLS completed");
                    }
                } while (line.startsWith("*"));
                if (!line.startsWith("a1 OK")) {
                    throw new StartTlsRefused("IMAP server refused STARTTLS");
                }
            }
            default -> throw new IllegalStateException(mode.name());
        }
    }

    /** Reads an SMTP reply (multi-line when the code is followed by '-') and checks its code. */
    private static void expectSmtp(BufferedReader in, String code) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new StartTlsRefused("SMTP server closed the connection, expected " + code);
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
        if (!line.startsWith(code)) {
            String answered = line.length() >= 3 && line.substring(0, 3).matches("\\d{3}") ? line.substring(0, 3) : "something else";
            throw new StartTlsRefused("SMTP server answered " + answered + ", expected " + code);
        }
    }

    private static void expectLine(BufferedReader in, String prefix) throws IOException {
        String line = in.readLine();
        if (line == null || !line.startsWith(prefix)) {
            throw new StartTlsRefused("server did not answer " + prefix);
        }
    }

    private static void send(OutputStream out, String command) throws IOException {
        out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static boolean isHostName(String host) {
        return !host.isEmpty() && !Character.isDigit(host.charAt(host.length() - 1)) && !host.contains(":");
    }

    /** A client TLS context that accepts any server chain, to record it. */
    public static SSLContext trustAll() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                    // the probe is a client only
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                    // recorded, not trusted: discovery reports what is served
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, RANDOM);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this JVM", e);
        }
    }
}
