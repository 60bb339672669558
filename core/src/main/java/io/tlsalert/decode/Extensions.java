package io.tlsalert.decode;

import io.tlsalert.wire.ExtensionType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads extension lists (RFC 8446 §4.2) and the {@code extension_data} tlsalert knows the structure of.
 *
 * <pre>
 * struct {
 *     ExtensionType extension_type;
 *     opaque extension_data&lt;0..2^16-1&gt;;
 * } Extension;
 * </pre>
 */
final class Extensions {
    private Extensions() {}

    /** The message an extension list is in: some extensions have one form per message (RFC 8446 §4.2). */
    enum Ctx {
        CH,
        SH,
        HRR,
        EE,
        CR,
        CT
    }

    // ---- extensions -------------------------------------------------------------------------------------------------

    static List<Extension> read(Cursor c, String field, int min, Ctx ctx, OffsetMap map) {
        Cursor list = c.vector(2, min, 0xFFFF, field);
        List<Extension> out = new ArrayList<>(16);
        int i = 0;
        while (list.hasRemaining()) {
            int at = list.pos();
            try {
                int type = list.u16("extension_type");
                Cursor data = list.vector(2, 0, 0xFFFF, "extension_data");
                int len = data.remaining();
                out.add(new Extension(map.at(at), type, len, extensionData(type, data, ctx, "extension_data")));
            } catch (DecodeException e) {
                // Field names are built only on this error path: a name per extension would cost more than the parse.
                throw e.within(field + "[" + i + "]");
            }
            i++;
        }
        return out;
    }

    private static Extension.Data extensionData(int type, Cursor d, Ctx ctx, String f) {
        if (d.remaining() == 0) {
            return Extension.Empty.INSTANCE;
        }
        Extension.Data data = switch (type) {
            case ExtensionType.SERVER_NAME -> serverNames(d, f);
            case ExtensionType.ALPN -> alpn(d, f);
            case ExtensionType.SUPPORTED_GROUPS ->
                new Extension.Groups(d.vector(2, 2, 0xFFFF, "extension_data.named_group_list")
                        .u16s("extension_data.named_group_list"));
            case ExtensionType.SIGNATURE_ALGORITHMS, ExtensionType.SIGNATURE_ALGORITHMS_CERT ->
                new Extension.SignatureSchemes(d.vector(2, 2, 0xFFFE, "extension_data.supported_signature_algorithms")
                        .u16s("extension_data.supported_signature_algorithms"));
            case ExtensionType.KEY_SHARE -> keyShare(d, ctx, f);
            case ExtensionType.PSK_KEY_EXCHANGE_MODES ->
                new Extension.PskModes(
                        d.vector(1, 1, 255, "extension_data.ke_modes").u8s("extension_data.ke_modes"));
            case ExtensionType.SUPPORTED_VERSIONS ->
                ctx == Ctx.CH
                        ? new Extension.Versions(
                                d.vector(1, 2, 254, "extension_data.versions").u16s("extension_data.versions"))
                        : new Extension.SelectedVersion(d.u16("extension_data.selected_version"));
            case ExtensionType.RENEGOTIATION_INFO ->
                new Extension.RenegotiationInfo(d.vector(1, 0, 255, "extension_data.renegotiated_connection")
                        .remaining());
            case ExtensionType.PADDING -> padding(d);
            case ExtensionType.EC_POINT_FORMATS ->
                new Extension.EcPointFormats(d.vector(1, 1, 255, "extension_data.ec_point_format_list")
                        .u8s("extension_data.ec_point_format_list"));
            case ExtensionType.CERTIFICATE_AUTHORITIES ->
                new Extension.CertificateAuthorities(CertificateSummary.distinguishedNames(
                        d.vector(2, 3, 0xFFFF, "extension_data.authorities"),
                        "extension_data.authorities",
                        OffsetMap.IDENTITY));
            default -> {
                d.skip(d.remaining(), f);
                yield new Extension.Opaque();
            }
        };
        d.expectEnd(f);
        return data;
    }

    /** RFC 6066 §3: {@code ServerName server_name_list<1..2^16-1>}, each {@code NameType name_type; HostName host_name<1..2^16-1>}. */
    private static Extension.Data serverNames(Cursor d, String f) {
        Cursor list = d.vector(2, 1, 0xFFFF, "extension_data.server_name_list");
        List<String> names = new ArrayList<>(1);
        while (list.hasRemaining()) {
            int nameType = list.u8("extension_data.server_name_list.name_type");
            Cursor name = list.vector(2, 1, 0xFFFF, "extension_data.server_name_list.host_name");
            String s = new String(name.buf, name.pos(), name.remaining(), StandardCharsets.ISO_8859_1);
            names.add(nameType == 0 ? s : "(name_type " + nameType + ") " + s);
        }
        return new Extension.ServerNames(names);
    }

    /** RFC 7301 §3.1: {@code ProtocolName protocol_name_list<2..2^16-1>}, each {@code opaque ProtocolName<1..2^8-1>}. */
    private static Extension.Data alpn(Cursor d, String f) {
        Cursor list = d.vector(2, 2, 0xFFFF, "extension_data.protocol_name_list");
        List<String> protocols = new ArrayList<>(2);
        while (list.hasRemaining()) {
            Cursor p = list.vector(1, 1, 255, "extension_data.protocol_name_list.ProtocolName");
            protocols.add(new String(p.buf, p.pos(), p.remaining(), StandardCharsets.ISO_8859_1));
        }
        return new Extension.Alpn(protocols);
    }

    /**
     * RFC 8446 §4.2.8: ClientHello {@code KeyShareEntry client_shares<0..2^16-1>}; ServerHello {@code KeyShareEntry
     * server_share}; HelloRetryRequest {@code NamedGroup selected_group}; KeyShareEntry is
     * {@code NamedGroup group; opaque key_exchange<1..2^16-1>}.
     */
    private static Extension.Data keyShare(Cursor d, Ctx ctx, String f) {
        if (ctx == Ctx.HRR) {
            return new Extension.KeyShareRequest(d.u16("extension_data.selected_group"));
        }
        if (ctx == Ctx.SH) {
            int group = d.u16("extension_data.server_share.group");
            int len = d.vector(2, 1, 0xFFFF, "extension_data.server_share.key_exchange")
                    .remaining();
            return new Extension.KeyShareServer(group, len);
        }
        Cursor list = d.vector(2, 0, 0xFFFF, "extension_data.client_shares");
        int start = list.pos();
        int n = 0;
        while (list.hasRemaining()) {
            list.u16("extension_data.client_shares.group");
            list.vector(2, 1, 0xFFFF, "extension_data.client_shares.key_exchange");
            n++;
        }
        // Second pass over the validated list: exact arrays, no growing.
        int[] groups = new int[n];
        int[] lens = new int[n];
        int p = start;
        for (int i = 0; i < n; i++) {
            groups[i] = (list.buf[p] & 0xff) << 8 | list.buf[p + 1] & 0xff;
            lens[i] = (list.buf[p + 2] & 0xff) << 8 | list.buf[p + 3] & 0xff;
            p += 4 + lens[i];
        }
        return new Extension.KeyShares(groups, lens);
    }

    private static Extension.Data padding(Cursor d) {
        boolean zero = true;
        int n = d.remaining();
        for (int i = 0; i < n; i++) {
            zero &= d.buf[d.pos() + i] == 0;
        }
        d.skip(n, "padding");
        return new Extension.Padding(n, zero);
    }
}
