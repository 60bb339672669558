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

    void step(String from, String message, String detail) {
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
                    step("server", "HelloRetryRequest", h.describe());
                } else {
                    if (h != null && h.version().isTls13()) {
                        tls13 = true;
                    }
                    step("server", "ServerHello", h == null ? "" : h.describe());
                }
                break;
            }
            case HandshakeType.NEW_SESSION_TICKET:
                step("server", "NewSessionTicket", "");
                break;
            case HandshakeType.ENCRYPTED_EXTENSIONS:
                step("server", "EncryptedExtensions", "");
                break;
            case HandshakeType.CERTIFICATE:
                step("server", "Certificate", "");
                break;
            case HandshakeType.SERVER_KEY_EXCHANGE:
                step("server", "ServerKeyExchange", "");
                break;
            case HandshakeType.CERTIFICATE_REQUEST:
                step("server", "CertificateRequest", "");
                break;
            case HandshakeType.SERVER_HELLO_DONE:
                step("server", "ServerHelloDone", "");
                break;
            case HandshakeType.CERTIFICATE_VERIFY:
                step("server", "CertificateVerify", "");
                break;
            case HandshakeType.FINISHED:
                step("server", "Finished", "");
                break;
            case HandshakeType.CERTIFICATE_STATUS:
                step("server", "CertificateStatus", "");
                break;
            case HandshakeType.KEY_UPDATE:
                step("server", "KeyUpdate", "");
                break;
            default:
                step("server", "handshake message " + type, "");
                break;
        }
    }

    /** Bytes the client is about to send after the first ClientHello: name the flight from what came before. */
    void clientOutput() {
        String last = lastStep();
        if (last.equals("HelloRetryRequest")) {
            step("client", "ClientHello", "second ClientHello, with the requested key share");
        } else if (!clientFlightSent
                && (last.equals("ServerHelloDone") || last.equals("Finished") || handshakeComplete)) {
            clientFlightSent = true;
            String cert = certificateRequest == null
                    ? ""
                    : clientCertificateSent
                            ? "with a client certificate, "
                            : "with an empty Certificate (no client certificate), ";
            step(
                    "client",
                    "client Finished",
                    cert + (tls13 ? "Finished" : "ClientKeyExchange, ChangeCipherSpec, Finished"));
        }
    }

    void alert(String sender, short level, short description, String reason) {
        String after = lastStep();
        boolean encrypted = sender.equals("server") && tls13;
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
            if (s.from().equals("server") && s.message().equals("Certificate") && !chain.isEmpty()) {
                X509Certificate leaf = chain.get(0);
                out.add(new Step(
                        "server",
                        "Certificate",
                        chain.size() + " certificate(s), leaf "
                                + leaf.getSubjectX500Principal().getName() + " issued by "
                                + leaf.getIssuerX500Principal().getName()));
            } else if (s.message().equals("CertificateRequest") && certificateRequest != null) {
                out.add(new Step("server", "CertificateRequest", certificateRequest.describe()));
            } else {
                out.add(s);
            }
        }
        return out;
    }
}
