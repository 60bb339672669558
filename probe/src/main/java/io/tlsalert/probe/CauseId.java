package io.tlsalert.probe;

import java.util.Optional;

/**
 * Every cause a diagnosis can name. {@link #id()} is the stable spelling that JSON's {@code cause.id} carries and the
 * README lists; each id's title is the text {@code probe.cause.<id>} of core's text data, in every language.
 */
public enum CauseId {
    OK("ok"),
    SERVER_REQUIRES_NEWER_TLS("server-requires-newer-tls"),
    SERVER_REQUIRES_OLDER_TLS("server-requires-older-tls"),
    NO_SHARED_CIPHER_SUITE("no-shared-cipher-suite"),
    NO_SHARED_GROUP("no-shared-group"),
    NO_SHARED_SIGNATURE_ALGORITHM("no-shared-signature-algorithm"),
    CLIENT_CERTIFICATE_REQUIRED("client-certificate-required"),
    CLIENT_CERTIFICATE_REJECTED("client-certificate-rejected"),
    SNI_REQUIRED("sni-required"),
    SNI_UNRECOGNIZED("sni-unrecognized"),
    ALPN_MISMATCH("alpn-mismatch"),
    SERVER_CERTIFICATE_UNTRUSTED("server-certificate-untrusted"),
    SERVER_CERTIFICATE_INCOMPLETE_CHAIN("server-certificate-incomplete-chain"),
    SERVER_CERTIFICATE_EXPIRED("server-certificate-expired"),
    SERVER_CERTIFICATE_NOT_YET_VALID("server-certificate-not-yet-valid"),
    SERVER_CERTIFICATE_NAME_MISMATCH("server-certificate-name-mismatch"),
    INAPPROPRIATE_FALLBACK("inappropriate-fallback"),
    CLIENTHELLO_TOO_LARGE("clienthello-too-large"),
    NOT_TLS("not-tls"),
    NO_RESPONSE("no-response"),
    CONNECTION_RESET("connection-reset"),
    SERVER_MISBEHAVES("server-misbehaves"),
    INTERNAL_ERROR("internal-error"),
    UNKNOWN("unknown"),
    // issue 12 item 5: what new clients break on
    CLIENTHELLO_SPLIT_DROPPED("clienthello-split-dropped"),
    EXTENDED_MASTER_SECRET_MISSING("extended-master-secret-missing"),
    SERVER_REQUIRES_SHA1_SIGNATURE("server-requires-sha1-signature"),
    // issue 12 items 3 and 7: connections refused; what a certificate is
    CONNECTION_REFUSED("connection-refused"),
    SERVER_CERTIFICATE_SELF_SIGNED("server-certificate-self-signed"),
    SERVER_CERTIFICATE_WEAK_KEY("server-certificate-weak-key"),
    SERVER_CERTIFICATE_WEAK_SIGNATURE("server-certificate-weak-signature");

    private final String id;

    CauseId(String id) {
        this.id = id;
    }

    /** The stable spelling ({@code cause.id} in JSON). */
    public String id() {
        return id;
    }

    /** The text key of this cause's title. */
    public String titleKey() {
        return "probe.cause." + id;
    }

    public static Optional<CauseId> of(String id) {
        for (CauseId c : values()) {
            if (c.id.equals(id)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
