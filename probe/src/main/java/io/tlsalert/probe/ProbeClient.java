package io.tlsalert.probe;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateEntry;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.DefaultTlsDHGroupVerifier;
import org.bouncycastle.tls.HandshakeMessageInput;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.ProtocolName;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.SignatureScheme;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsDHGroupVerifier;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/**
 * The Bouncy Castle client behind one probe handshake: offers exactly what the {@link Offer} says, checks nothing
 * itself (the chain is checked afterwards by {@link CertChecker}, so that a bad certificate does not hide what comes
 * next), and reports every step to a {@link Recorder}.
 */
final class ProbeClient extends DefaultTlsClient {
    private final Offer offer;
    private final Recorder rec;
    private final int paddingBytes;

    ProbeClient(JcaTlsCrypto crypto, Offer offer, Recorder rec, int paddingBytes) {
        super(crypto);
        this.offer = offer;
        this.rec = rec;
        this.paddingBytes = paddingBytes;
    }

    /** The non-blocking protocol, which also tells the recorder every handshake message in order, decrypted. */
    static final class Protocol extends TlsClientProtocol {
        private final Recorder rec;

        Protocol(Recorder rec) {
            this.rec = rec;
        }

        @Override
        protected void handleHandshakeMessage(short type, HandshakeMessageInput buf) throws IOException {
            rec.serverMessage(type);
            super.handleHandshakeMessage(type, buf);
        }

        /** The connection's security parameters once established, else the handshake's; null before connect. */
        org.bouncycastle.tls.SecurityParameters securityParameters() {
            org.bouncycastle.tls.TlsContext c = getContext();
            if (c == null) {
                return null;
            }
            org.bouncycastle.tls.SecurityParameters sp = c.getSecurityParametersConnection();
            return sp != null ? sp : c.getSecurityParametersHandshake();
        }
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return offer.versions().stream()
                .map(io.tlsalert.wire.ProtocolVersion::value)
                .sorted(Comparator.reverseOrder())
                .map(v -> ProtocolVersion.get(v >> 8, v & 0xff))
                .toArray(ProtocolVersion[]::new);
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return offer.cipherSuites().stream()
                .filter(s -> s != Offer.FALLBACK_SCSV)
                .mapToInt(Integer::intValue)
                .toArray();
    }

    @Override
    public boolean isFallback() {
        return offer.cipherSuites().contains(Offer.FALLBACK_SCSV);
    }

    @Override
    protected Vector getSupportedGroups(Vector namedGroupRoles) {
        Vector<Integer> v = new Vector<>();
        for (int g : offer.groups()) {
            if (EngineOffer.hasGroup((JcaTlsCrypto) getCrypto(), g)) {
                v.add(g);
            }
        }
        return v;
    }

    @Override
    public Vector getEarlyKeyShareGroups() {
        Vector<Integer> v = new Vector<>();
        for (int g : offer.groups()) {
            if (EngineOffer.hasGroup((JcaTlsCrypto) getCrypto(), g)) {
                v.add(g);
                break;
            }
        }
        return v;
    }

    @Override
    protected Vector getSupportedSignatureAlgorithms() {
        Vector<SignatureAndHashAlgorithm> v = new Vector<>();
        for (int s : offer.signatureSchemes()) {
            SignatureAndHashAlgorithm a = SignatureScheme.getSignatureAndHashAlgorithm(s);
            if (a != null) {
                v.add(a);
            }
        }
        return v;
    }

    @Override
    protected Vector getSNIServerNames() {
        if (offer.sni().isEmpty()) {
            return null;
        }
        Vector<ServerName> v = new Vector<>();
        v.add(new ServerName(NameType.host_name, offer.sni().get().getBytes(StandardCharsets.US_ASCII)));
        return v;
    }

    @Override
    protected Vector getProtocolNames() {
        if (offer.alpn().isEmpty()) {
            return null;
        }
        Vector<ProtocolName> v = new Vector<>();
        for (String a : offer.alpn()) {
            v.add(ProtocolName.asUtf8Encoding(a));
        }
        return v;
    }

    @Override
    public Hashtable getClientExtensions() throws IOException {
        Hashtable ext = super.getClientExtensions();
        if (paddingBytes >= 0) {
            if (ext == null) {
                ext = new Hashtable();
            }
            TlsExtensionsUtils.addPaddingExtension(ext, paddingBytes);
        }
        return ext;
    }

    @Override
    public boolean shouldUseExtendedMasterSecret() {
        return offer.extendedMasterSecret();
    }

    @Override
    public void notifySecureRenegotiation(boolean secureRenegotiation) {
        // A probe reports; it does not refuse servers without RFC 5746.
    }

    @Override
    public boolean shouldCheckSigAlgOfPeerCerts() {
        return false;
    }

    @Override
    public TlsDHGroupVerifier getDHGroupVerifier() {
        return new DefaultTlsDHGroupVerifier(1024);
    }

    @Override
    public void notifyAlertRaised(short level, short description, String message, Throwable cause) {
        String reason = message;
        if (reason == null && cause != null) {
            reason = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        }
        rec.alert(Side.CLIENT, level, description, reason);
    }

    @Override
    public void notifyAlertReceived(short level, short description) {
        rec.alert(Side.SERVER, level, description, null);
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        rec.handshakeComplete = true;
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                rec.chain.clear();
                try {
                    CertificateFactory cf = CertificateFactory.getInstance("X.509");
                    for (TlsCertificate c : serverCertificate.getCertificate().getCertificateList()) {
                        rec.chain.add(
                                (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(c.getEncoded())));
                    }
                } catch (CertificateException e) {
                    // an unparsable certificate: the check reports an empty chain
                }
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                List<String> cas = new ArrayList<>();
                if (request.getCertificateAuthorities() != null) {
                    for (Object o : request.getCertificateAuthorities()) {
                        cas.add(((X500Name) o).toString());
                    }
                }
                List<String> sigs = new ArrayList<>();
                if (request.getSupportedSignatureAlgorithms() != null) {
                    for (Object o : request.getSupportedSignatureAlgorithms()) {
                        sigs.add(CodePointLabels.signatureScheme(SignatureScheme.from((SignatureAndHashAlgorithm) o)));
                    }
                }
                List<Integer> types = new ArrayList<>();
                if (request.getCertificateTypes() != null) {
                    for (short t : request.getCertificateTypes()) {
                        types.add(t & 0xff); // ClientCertificateType, a uint8 (RFC 5246 §7.4.4)
                    }
                }
                rec.certificateRequest =
                        new CertificateRequestInfo(List.copyOf(cas), List.copyOf(sigs), List.copyOf(types));
                if (offer.clientCert().isEmpty()) {
                    return null;
                }
                TlsCredentials c = credentials(offer.clientCert().get(), request);
                rec.clientCertificateSent = c != null;
                return c;
            }
        };
    }

    private TlsCredentials credentials(ClientCredentials cc, CertificateRequest request) throws IOException {
        JcaTlsCrypto crypto = (JcaTlsCrypto) getCrypto();
        TlsCertificate[] certs = new TlsCertificate[cc.chain().size()];
        try {
            for (int i = 0; i < certs.length; i++) {
                certs[i] = crypto.createCertificate(cc.chain().get(i).getEncoded());
            }
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IOException(e);
        }
        boolean tls13 = TlsUtils.isTLSv13(context);
        Certificate bc;
        if (tls13) {
            CertificateEntry[] entries = new CertificateEntry[certs.length];
            for (int i = 0; i < certs.length; i++) {
                entries[i] = new CertificateEntry(certs[i], null);
            }
            bc = new Certificate(request.getCertificateRequestContext(), entries);
        } else {
            bc = new Certificate(certs);
        }
        SignatureAndHashAlgorithm chosen = null;
        String keyAlg = cc.key().getAlgorithm();
        if (request.getSupportedSignatureAlgorithms() != null) {
            for (Object o : request.getSupportedSignatureAlgorithms()) {
                SignatureAndHashAlgorithm a = (SignatureAndHashAlgorithm) o;
                int scheme = SignatureScheme.from(a);
                boolean fits = switch (keyAlg) {
                    case "RSA" ->
                        scheme == SignatureScheme.rsa_pss_rsae_sha256
                                || scheme == SignatureScheme.rsa_pss_rsae_sha384
                                || scheme == SignatureScheme.rsa_pss_rsae_sha512
                                || (!tls13 && a.getSignature() == SignatureAlgorithm.rsa);
                    case "EC" -> a.getSignature() == SignatureAlgorithm.ecdsa;
                    case "Ed25519", "EdDSA" -> scheme == SignatureScheme.ed25519;
                    case "Ed448" -> scheme == SignatureScheme.ed448;
                    default -> false;
                };
                if (fits) {
                    chosen = a;
                    break;
                }
            }
            if (chosen == null) {
                return null; // nothing the server accepts fits the key: send no certificate
            }
        }
        return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, cc.key(), bc, chosen);
    }
}
