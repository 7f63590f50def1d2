package io.certlife.testsupport;

import io.certlife.events.ServiceKind.TlsMode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A real TLS server on a loopback port that speaks just enough SMTP, POP3 or IMAP to start TLS the way
 * those services do (or TLS at once), then presents its certificate with the chain it was given; {@link #install}
 * swaps the certificate as an operator would on a real server.
 */
public final class TlsTestServer implements AutoCloseable {

    private final ServerSocket socket;
    private final ExecutorService workers = Executors.newCachedThreadPool();
    private final TlsMode mode;
    private volatile SSLContext context;

    private TlsTestServer(TlsMode mode, PrivateKey key, X509Certificate... chain) throws Exception {
        this.mode = mode;
        install(key, chain);
        socket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "tls-test-server-" + socket.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static TlsTestServer start(TlsMode mode, TestCertificates.Issued certificate) {
        return start(mode, certificate.keyPair().getPrivate(), certificate.certificate());
    }

    /** Serves {@code chain} (leaf first) with {@code key}. */
    public static TlsTestServer start(TlsMode mode, PrivateKey key, X509Certificate... chain) {
        try {
            return new TlsTestServer(mode, key, chain);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start a test TLS server", e);
        }
    }

    /** From now on, serves {@code chain} (leaf first) with {@code key}. */
    public void install(PrivateKey key, X509Certificate... chain) {
        try {
            char[] password = "test-only".toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key, password, chain);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext next = SSLContext.getInstance("TLS");
            next.init(keys.getKeyManagers(), null, null);
            context = next;
        } catch (Exception e) {
            throw new IllegalStateException("cannot install the certificate", e);
        }
    }

    public void install(TestCertificates.Issued certificate) {
        install(certificate.keyPair().getPrivate(), certificate.certificate());
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                workers.submit(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            client.setSoTimeout(5000);
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = client.getOutputStream();
            switch (mode) {
                case SMTP_STARTTLS -> {
                    write(out, "220 test.local ESMTP ready");
                    in.readLine();
                    write(out, "250-test.local\r\n250-SIZE 1000000\r\n250 STARTTLS");
                    in.readLine();
                    write(out, "220 2.0.0 Ready to start TLS");
                }
                case POP3_STLS -> {
                    write(out, "+OK POP3 ready");
                    in.readLine();
                    write(out, "+OK Begin TLS negotiation");
                }
                case IMAP_STARTTLS -> {
                    write(out, "* OK IMAP4rev1 ready");
                    in.readLine();
                    write(out, "a1 OK Begin TLS negotiation now");
                }
                case IMPLICIT -> {
                    // TLS at once
                }
            }
            try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(client, null, client.getPort(), false)) {
                tls.setUseClientMode(false);
                tls.startHandshake();
                tls.getInputStream().read();
            }
        } catch (IOException e) {
            // the probe closes after the handshake
        }
    }

    private static void write(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        workers.shutdownNow();
    }
}
