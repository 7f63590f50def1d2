package io.certlife.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * A local SMTP server that accepts every message and writes it as an {@code .eml} file, so that alerts are
 * visible without any mail account. Plain SMTP on the loopback interface, no TLS, no authentication: a
 * development sink, never a relay.
 */
final class MailSink implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MailSink.class.getName());
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    private final ServerSocket server;
    private final Path folder;
    private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mail-sink");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger received = new AtomicInteger();

    MailSink(String host, int port, Path folder) {
        this.folder = folder;
        try {
            Files.createDirectories(folder);
            server = new ServerSocket(port, 50, InetAddress.getByName(host));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the mail sink on port " + port, e);
        }
        connections.execute(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    Path folder() {
        return folder;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.execute(() -> serve(socket));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warning("mail sink: " + e.getMessage());
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
             OutputStream out = socket.getOutputStream()) {
            reply(out, "220 certlife-local mail sink");
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (command) {
                    case "EHLO" -> reply(out, "250-certlife-local\r\n250 8BITMIME");
                    case "HELO", "MAIL", "RCPT", "RSET", "NOOP" -> reply(out, "250 OK");
                    case "DATA" -> {
                        reply(out, "354 end with <CRLF>.<CRLF>");
                        StringBuilder message = new StringBuilder();
                        while ((line = in.readLine()) != null && !line.equals(".")) {
                            message.append(line.startsWith("..") ? line.substring(1) : line).append("\r\n");
                        }
                        Path file = folder.resolve(STAMP.format(LocalDateTime.now()) + "-" + received.incrementAndGet() + ".eml");
                        Files.writeString(file, message, StandardCharsets.UTF_8);
                        reply(out, "250 OK stored as " + file.getFileName());
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "502 not implemented");
                }
            }
        } catch (IOException e) {
            LOG.fine(() -> "mail sink connection ended: " + e.getMessage());
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.shutdownNow();
    }
}
