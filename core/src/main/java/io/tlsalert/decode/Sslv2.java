package io.tlsalert.decode;

import java.util.List;

/**
 * SSL 2.0 records, as old clients send a CLIENT-HELLO for compatibility and old servers an ERROR (RFC 5246 Appendix
 * E.2; the SSL 2.0 draft, draft-hickman-netscape-ssl-00). A record with a 2-byte header:
 *
 * <pre>
 * uint16 length with the high bit set    (length = ((byte[0] &amp; 0x7f) &lt;&lt; 8) | byte[1])
 * uint8 msg_type;                          (1 CLIENT-HELLO, 0 ERROR)
 * CLIENT-HELLO: Version version; uint16 cipher_spec_length; uint16 session_id_length; uint16 challenge_length;
 *               V2CipherSpec cipher_specs[cipher_spec_length]; opaque session_id[session_id_length];
 *               opaque challenge[challenge_length];
 * ERROR:        uint16 error_code;
 * </pre>
 */
final class Sslv2 {
    static final int CLIENT_HELLO = 1;
    static final int ERROR = 0;

    private Sslv2() {}

    /** The record at {@code in[pos]}, whose first byte has the high bit set; it ends at {@code pos + 2 + length}. */
    static TlsRecord.Sslv2 read(byte[] in, int pos) {
        Cursor c = new Cursor(in, pos, in.length);
        int length = c.u16("SSLv2 record length") & 0x7FFF;
        Cursor body = c.slice(length, "SSLv2 record body");
        int type = body.u8("SSLv2 msg_type");
        Message m;
        if (type == CLIENT_HELLO) {
            int version = body.u16("CLIENT-HELLO.version");
            int specLen = body.u16("CLIENT-HELLO.cipher_spec_length");
            int sidLen = body.u16("CLIENT-HELLO.session_id_length");
            int chLen = body.u16("CLIENT-HELLO.challenge_length");
            if (specLen % 3 != 0) {
                throw new DecodeException(
                        "CLIENT-HELLO.cipher_spec_length", pos + 5, specLen + " is not a multiple of 3");
            }
            if (specLen == 0) {
                throw new DecodeException("CLIENT-HELLO.cipher_spec_length", pos + 5, "no cipher specs");
            }
            int[] specs = new int[specLen / 3];
            for (int i = 0; i < specs.length; i++) {
                specs[i] = body.u24("CLIENT-HELLO.cipher_specs");
            }
            byte[] sid = body.bytes(sidLen, "CLIENT-HELLO.session_id");
            byte[] challenge = body.bytes(chLen, "CLIENT-HELLO.challenge");
            body.expectEnd("CLIENT-HELLO");
            m = new Message.Sslv2ClientHello(pos + 2, version, specs, sid, challenge);
        } else if (type == ERROR) {
            m = new Message.Sslv2Error(pos + 2, body.u16("ERROR.error_code"));
        } else {
            m = new Message.Sslv2Other(pos + 2, type, length);
        }
        return new TlsRecord.Sslv2(pos, length, List.of(m));
    }
}
