package io.tlsalert.probe;

import io.tlsalert.TlsAlerts;
import io.tlsalert.wire.AlertLevel;
import io.tlsalert.wire.HandshakeType;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What one handshake saw, filled in by the Bouncy Castle callbacks and the plaintext parser. Not thread-safe. */
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

    String lastStep() {
        return steps.isEmpty() ? "connect" : steps.get(steps.size() - 1).message();
    }

    void step(Side from, String message, String detail) {
        steps.add(new Step(from, message, detail));
    }

    /** A handshake message Bouncy Castle is about to process (plaintext or decrypted). */
    void serverMessage(short type) {
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
                step(Side.SERVER, "handshake message " + type, "");
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

    void alert(Side sender, short level, short description, String reason) {
        String after = lastStep();
        boolean encrypted = sender == Side.SERVER && tls13;
        AlertInfo a = new AlertInfo(
                description,
                TlsAlerts.name(description),
                AlertLevel.of(level),
                sender,
                after,
                Optional.ofNullable(reason),
                encrypted);
        alerts.add(a);
        steps.add(new Step(
                sender,
                "alert",
                a.level() + " " + a.name() + " (" + a.code() + ")" + (encrypted ? ", encrypted" : "")
                        + (reason == null ? "" : ": " + reason)));
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
