package io.tlsalert.probe;

import io.tlsalert.TlsAlerts;
import io.tlsalert.wire.AlertLevel;
import io.tlsalert.wire.HandshakeType;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one handshake saw, filled in by the Bouncy Castle callbacks and the plaintext parser. It keeps at most
 * {@link Limits#STEPS} steps and {@link Limits#ALERTS} alerts but counts them all, so that {@link #overLimit} can end a
 * flood. Wire values come from Bouncy Castle as Java's signed bytes widened to {@code short}; they are read back as the
 * uint8 they are on the wire (RFC 8446 §6, §4). Not thread-safe.
 */
final class Recorder {
    final List<Step> steps = new ArrayList<>();
    final List<AlertInfo> alerts = new ArrayList<>();
    final List<X509Certificate> chain = new ArrayList<>();
    final ServerStream server = new ServerStream();
    CertificateRequestInfo certificateRequest;
    boolean handshakeComplete;
    int messagesAfterComplete;
    int serverHelloIndex;
    boolean tls13;
    boolean clientCertificateSent;
    boolean clientFlightSent;
    /** The HTTP check after the handshake ({@link HttpCheck}), when one was made. */
    HttpAnswer http;
    /** Every handshake message Bouncy Castle processed from the server, and every alert, kept or not. */
    int serverMessages;

    int alertsSeen;

    String lastStep() {
        return steps.isEmpty() ? "connect" : steps.get(steps.size() - 1).message();
    }

    void step(Side from, String message, String detail) {
        if (steps.size() < Limits.STEPS) {
            steps.add(new Step(from, message, detail));
        }
    }

    /**
     * Why this handshake has taken more than a handshake needs ({@link Limits}), in words with what was seen; empty
     * while within the limits.
     */
    Optional<String> overLimit(long millis) {
        String over;
        if (alertsSeen > Limits.ALERTS) {
            over = alertsSeen + " alerts, over the limit of " + Limits.ALERTS;
        } else if (serverMessages > Limits.SERVER_MESSAGES) {
            over = serverMessages + " handshake messages, over the limit of " + Limits.SERVER_MESSAGES;
        } else if (server.total > Limits.BYTES_READ) {
            over = server.total + " bytes, over the limit of " + Limits.BYTES_READ;
        } else {
            return Optional.empty();
        }
        return Optional.of("the server sent " + over + " a handshake, in " + millis + " ms (in all " + serverMessages
                + " handshake messages, " + alertsSeen + " alerts, " + server.total + " bytes)");
    }

    /**
     * A handshake message Bouncy Castle is about to process (plaintext or decrypted): {@code HandshakeType msg_type},
     * a uint8 (RFC 8446 §4), passed as a signed byte.
     */
    void serverMessage(short signedType) {
        int type = signedType & 0xff;
        serverMessages++;
        if (handshakeComplete) {
            messagesAfterComplete++;
        }
        switch (type) {
            case HandshakeType.SERVER_HELLO: {
                List<ServerHelloInfo> hellos = server.hellos;
                ServerHelloInfo h = serverHelloIndex < hellos.size() ? hellos.get(serverHelloIndex) : null;
                serverHelloIndex++;
                if (h != null && h.retryRequest()) {
                    step(Side.SERVER, "HelloRetryRequest", h.describe());
                } else {
                    if (h != null && h.version().isTls13()) {
                        tls13 = true;
                    }
                    step(Side.SERVER, "ServerHello", h == null ? "" : h.describe());
                }
                break;
            }
            case HandshakeType.NEW_SESSION_TICKET:
                step(Side.SERVER, "NewSessionTicket", "");
                break;
            case HandshakeType.ENCRYPTED_EXTENSIONS:
                step(Side.SERVER, "EncryptedExtensions", "");
                break;
            case HandshakeType.CERTIFICATE:
                step(Side.SERVER, "Certificate", "");
                break;
            case HandshakeType.SERVER_KEY_EXCHANGE:
                step(Side.SERVER, "ServerKeyExchange", "");
                break;
            case HandshakeType.CERTIFICATE_REQUEST:
                step(Side.SERVER, "CertificateRequest", "");
                break;
            case HandshakeType.SERVER_HELLO_DONE:
                step(Side.SERVER, "ServerHelloDone", "");
                break;
            case HandshakeType.CERTIFICATE_VERIFY:
                step(Side.SERVER, "CertificateVerify", "");
                break;
            case HandshakeType.FINISHED:
                step(Side.SERVER, "Finished", "");
                break;
            case HandshakeType.CERTIFICATE_STATUS:
                step(Side.SERVER, "CertificateStatus", "");
                break;
            case HandshakeType.KEY_UPDATE:
                step(Side.SERVER, "KeyUpdate", "");
                break;
            default:
                step(Side.SERVER, "handshake message " + type, HandshakeType.name(type));
                break;
        }
    }

    /** Bytes the client is about to send after the first ClientHello: name the flight from what came before. */
    void clientOutput() {
        String last = lastStep();
        if (last.equals("HelloRetryRequest")) {
            step(Side.CLIENT, "ClientHello", "second ClientHello, with the requested key share");
        } else if (!clientFlightSent
                && (last.equals("ServerHelloDone") || last.equals("Finished") || handshakeComplete)) {
            clientFlightSent = true;
            String cert = certificateRequest == null
                    ? ""
                    : clientCertificateSent
                            ? "with a client certificate, "
                            : "with an empty Certificate (no client certificate), ";
            step(
                    Side.CLIENT,
                    "client Finished",
                    cert + (tls13 ? "Finished" : "ClientKeyExchange, ChangeCipherSpec, Finished"));
        }
    }

    /**
     * One alert, received or raised. Its two bytes are uint8 (RFC 8446 §6), passed as signed bytes:
     *
     * <pre>
     * struct {
     *     AlertLevel level;
     *     AlertDescription description;
     * } Alert;
     * </pre>
     */
    void alert(Side sender, short signedLevel, short signedDescription, String reason) {
        alertsSeen++;
        if (alerts.size() >= Limits.ALERTS) {
            return;
        }
        int description = signedDescription & 0xff;
        String after = lastStep();
        boolean encrypted = sender == Side.SERVER && tls13;
        AlertInfo a = new AlertInfo(
                description,
                TlsAlerts.name(description),
                AlertLevel.of(signedLevel & 0xff),
                sender,
                after,
                Optional.ofNullable(reason),
                encrypted);
        alerts.add(a);
        step(
                sender,
                "alert",
                a.level() + " " + a.name() + " (" + a.code() + ")" + (encrypted ? ", encrypted" : "")
                        + (reason == null ? "" : ": " + reason));
    }

    /** Fills the details the callbacks learnt after the step was logged (chain, CertificateRequest). */
    List<Step> finishedSteps() {
        List<Step> out = new ArrayList<>();
        for (Step s : steps) {
            if (s.from() == Side.SERVER && s.message().equals("Certificate") && !chain.isEmpty()) {
                X509Certificate leaf = chain.get(0);
                out.add(new Step(
                        Side.SERVER,
                        "Certificate",
                        chain.size() + " certificate(s), leaf "
                                + leaf.getSubjectX500Principal().getName() + " issued by "
                                + leaf.getIssuerX500Principal().getName()));
            } else if (s.message().equals("CertificateRequest") && certificateRequest != null) {
                out.add(new Step(Side.SERVER, "CertificateRequest", certificateRequest.describe()));
            } else {
                out.add(s);
            }
        }
        return out;
    }
}
