package io.tlsalert.report;

import io.tlsalert.TlsAlerts;
import io.tlsalert.decode.DecodeLimits;
import io.tlsalert.decode.Decoding;
import io.tlsalert.decode.Extension;
import io.tlsalert.decode.Handshake;
import io.tlsalert.decode.Message;
import io.tlsalert.decode.TlsParameters;
import io.tlsalert.decode.TlsRecord;
import io.tlsalert.explain.Finding;
import io.tlsalert.registry.Lang;
import io.tlsalert.registry.Texts;
import io.tlsalert.wire.ProtocolVersion;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * A decoding as a tree of ordered maps whose keys are the RFC's field names: printed as JSON by {@code --json}, and
 * as indented text otherwise, so both views show the same fields. A code point is a map {@code {value, name}}.
 */
public final class DecodeTree {
    private final TlsParameters p = TlsParameters.get();
    private final Texts t;
    private final Lang lang;

    private final TraceView trace;

    public DecodeTree(Texts t, Lang lang) {
        this.t = t;
        this.lang = lang;
        this.trace = new TraceView(t, lang);
    }

    /** The records and the problem, within {@link DecodeLimits#DEFAULT}'s output limit. */
    public Map<String, Object> decoding(Decoding d) {
        return decoding(d, DecodeLimits.DEFAULT);
    }

    /**
     * The records and the problem, built until the tree's compact JSON reaches {@link DecodeLimits#maxOutputChars()}:
     * there the records stop and {@code truncated} says at which record (see {@link #report(Decoding, DecodeLimits)}).
     */
    public Map<String, Object> decoding(Decoding d, DecodeLimits limits) {
        return new Build(limits).view(d, false);
    }

    /** The JSON of {@code decode --json} and {@code POST /api/decode}: the records, the problem, and every alert explained. */
    public Map<String, Object> report(Decoding d) {
        return report(d, DecodeLimits.DEFAULT);
    }

    /**
     * {@link #report(Decoding)} with the first {@link DecodeLimits#maxExplainedAlerts()} alerts explained; when there
     * are more, {@code alertsNotExplained} says how many were left out (the records show them). The whole tree holds
     * at most {@link DecodeLimits#maxOutputChars()} characters of compact JSON, counted while it is built: the alerts'
     * explanations are made first (they are what the report is for), then the records; at the limit the tree stops
     * and {@code truncated} says so: {@code {"limit": "DecodeLimits.maxOutputChars", "value": N, "at": "records" or
     * "alerts", "index": the first one left out, "offset": its byte offset in the input, "note": the same in words}}.
     */
    public Map<String, Object> report(Decoding d, DecodeLimits limits) {
        return new Build(limits).view(d, true);
    }

    /**
     * Certificates given to decode on their own (PEM or DER): {@code input}, {@code format} and one entry per
     * certificate, as in a Certificate message's {@code certificate_list}.
     */
    public Map<String, Object> certificates(io.tlsalert.decode.CertificateInput.Certificates c) {
        Build b = new Build(DecodeLimits.DEFAULT);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input", "certificates");
        m.put("format", c.format());
        m.put(
                "note",
                t.format(
                        lang,
                        "decode.certificates.note",
                        c.certificates().size(),
                        c.format().toUpperCase(java.util.Locale.ROOT)));
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < c.certificates().size(); i++) {
            try {
                list.add(b.certificate(c.certificates().get(i)));
            } catch (JsonBudget.Spent e) {
                m.put(
                        "truncated",
                        b.truncated("certificates", i, c.certificates().get(i).offset()));
                break;
            }
        }
        m.put("certificates", list);
        return m;
    }

    /**
     * The JSON of {@code decode --json} and {@code POST /api/decode} for certificates: {@link #certificates} with the
     * report's keys empty ({@code records}, {@code problem}, {@code alerts}), so a client reads both the same way.
     */
    public Map<String, Object> certificatesReport(io.tlsalert.decode.CertificateInput.Certificates c) {
        Map<String, Object> m = certificates(c);
        m.put("records", List.of());
        m.put("problem", null);
        m.put("alerts", List.of());
        return m;
    }

    /** Every plaintext alert as a finding that explain's views render (in a trace, with its direction: {@link TraceView}). */
    public static List<Finding> alertFindings(Decoding d) {
        return TraceView.findings(d);
    }

    public static Map<String, Object> code(int value, String name, int hexDigits) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", value);
        m.put("name", name);
        m.put("hex", hexDigits == 0 ? null : String.format("0x%0" + hexDigits + "X", value));
        return m;
    }

    /** One tree being built, with its own {@link JsonBudget}. */
    private final class Build {
        private final DecodeLimits limits;
        private final JsonBudget budget;

        Build(DecodeLimits limits) {
            this.limits = limits;
            this.budget = new JsonBudget(limits.maxOutputChars());
        }

        Map<String, Object> view(Decoding d, boolean withAlerts) {
            Map<String, Object> truncated = null;
            List<Object> fs = budget.items();
            List<Finding> all = withAlerts ? alertFindings(d) : List.of();
            int explain = Math.min(all.size(), limits.maxExplainedAlerts());
            for (int i = 0; i < explain; i++) {
                Finding f = all.get(i);
                Map<String, Object> fm = Views.finding(f, TlsAlerts.registry(), TlsAlerts.explainer(), lang);
                // Read from bytes the sender is whoever wrote them and the place a byte offset, not a line; a trace
                // says both.
                fm.put("who", trace.who(d, f));
                if (d.trace().isEmpty()) {
                    fm.remove("line");
                }
                long offset = Long.parseLong(f.patternId().substring("decode@".length()));
                fm.put("offset", offset);
                fm.put("pattern", "decode");
                try {
                    fs.add(fm);
                } catch (JsonBudget.Spent e) {
                    truncated = truncated("alerts", i, offset);
                    break;
                }
            }
            List<Object> recs = budget.items();
            List<TlsRecord> records = d.records();
            for (int i = 0; truncated == null && i < records.size(); i++) {
                try {
                    Map<String, Object> view = record(records.get(i));
                    Map<String, Object> traced = trace.record(d, i, view);
                    if (traced != view) {
                        // The trace's keys in front of the record's: charged as they go into a node of this budget.
                        Map<String, Object> n = budget.node();
                        n.putAll(traced);
                        traced = n;
                    }
                    recs.add(traced);
                } catch (JsonBudget.Spent e) {
                    truncated = truncated("records", i, records.get(i).offset());
                }
            }
            budget.close();
            Map<String, Object> m = budget.node();
            m.put("length", d.length());
            trace.header(d).ifPresent(h -> m.put("trace", h));
            m.put("records", recs);
            m.put(
                    "problem",
                    d.problem()
                            .map(pr -> {
                                Map<String, Object> x = budget.node();
                                x.put("field", pr.field());
                                x.put("offset", pr.offset());
                                x.put("message", pr.message());
                                trace.problem(d, x);
                                return (Object) x;
                            })
                            .orElse(null));
            if (withAlerts) {
                m.put("alerts", fs);
                if (all.size() > fs.size()) {
                    m.put("alertsNotExplained", all.size() - fs.size());
                }
            }
            if (truncated != null) {
                m.put("truncated", truncated);
            }
            return m;
        }

        /** Where the tree stopped at the output limit: the first record (or alert) left out and its byte offset. */
        Map<String, Object> truncated(String at, int index, long offset) {
            budget.close();
            Map<String, Object> x = budget.node();
            x.put("limit", DecodeLimits.Limit.OUTPUT_CHARS.field());
            x.put("value", limits.maxOutputChars());
            x.put("at", at);
            x.put("index", index);
            x.put("offset", offset);
            x.put(
                    "note",
                    t.format(
                            lang,
                            "decode.json.cut." + at,
                            limits.maxOutputChars(),
                            DecodeLimits.Limit.OUTPUT_CHARS.field(),
                            index,
                            offset));
            return x;
        }

        private Map<String, Object> code(int value, String name, int hexDigits) {
            Map<String, Object> m = budget.node();
            m.put("value", value);
            m.put("name", name);
            m.put("hex", hexDigits == 0 ? null : String.format("0x%0" + hexDigits + "X", value));
            return m;
        }

        private Map<String, Object> version(int v) {
            return code(v, ProtocolVersion.name(v), 4);
        }

        private Map<String, Object> record(TlsRecord r) {
            Map<String, Object> m = budget.node();
            m.put("offset", r.offset());
            if (r instanceof TlsRecord.Tls x) {
                m.put("layer", "TLSPlaintext");
                m.put("type", code(x.contentType(), p.contentType(x.contentType()), 0));
                m.put("legacy_record_version", version(x.legacyRecordVersion()));
                m.put("length", x.length());
                if (x.overflow()) {
                    m.put("record_overflow", t.get(lang, "decode.overflow"));
                }
            } else if (r instanceof TlsRecord.Dtls x) {
                m.put("layer", "DTLSPlaintext");
                m.put("type", code(x.contentType(), p.contentType(x.contentType()), 0));
                m.put("version", version(x.version()));
                m.put("epoch", x.epoch());
                m.put("sequence_number", x.sequenceNumber());
                m.put("length", x.length());
                if (x.overflow()) {
                    m.put("record_overflow", t.get(lang, "decode.overflow"));
                }
            } else if (r instanceof TlsRecord.DtlsUnified x) {
                m.put("layer", "DTLSCiphertext (unified header)");
                m.put("connection_id", x.connectionId());
                m.put("sequence_number_bits", x.sequence16() ? 16 : 8);
                m.put("sequence_number_low", x.sequenceNumberLow());
                m.put("epoch_low_bits", x.epochLowBits());
                m.put("length", x.length());
            } else if (r instanceof TlsRecord.Sslv2 x) {
                m.put("layer", "SSL 2.0 record");
                m.put("length", x.length());
            } else if (r instanceof TlsRecord.BareHandshake x) {
                m.put("layer", t.get(lang, "decode.bare"));
            }
            List<Object> ms = budget.items();
            for (Message msg : r.messages()) {
                ms.add(message(msg));
            }
            m.put("messages", ms);
            return m;
        }

        private Map<String, Object> message(Message msg) {
            Map<String, Object> m = budget.node();
            m.put("offset", msg.offset());
            if (msg instanceof Message.Alert a) {
                m.put("kind", "alert");
                m.put("level", code(a.level(), a.levelName(), 0));
                m.put("description", code(a.description(), TlsAlerts.name(a.description()), 0));
                m.put("sender", t.get(lang, "decode.alert.sender"));
            } else if (msg instanceof Message.MalformedAlert a) {
                m.put("kind", "malformed_alert");
                m.put("length", a.length());
                m.put("note", t.format(lang, "decode.alert.malformed", a.length()));
            } else if (msg instanceof Message.ChangeCipherSpec c) {
                m.put("kind", "change_cipher_spec");
                m.put("type", c.type());
            } else if (msg instanceof Message.HandshakeMessage h) {
                m.put("kind", "handshake");
                m.put("msg_type", code(h.msgType(), handshakeName(h), 0));
                m.put("length", h.length());
                if (h.messageSeq() >= 0) {
                    m.put("message_seq", h.messageSeq());
                }
                m.putAll(handshake(h.body()));
            } else if (msg instanceof Message.Encrypted e) {
                m.put("kind", "encrypted");
                m.put(
                        "content_type",
                        e.contentType() < 0 ? null : code(e.contentType(), p.contentType(e.contentType()), 0));
                m.put("length", e.length());
                m.put("likely", e.likely().name().toLowerCase(java.util.Locale.ROOT));
                m.put(
                        "note",
                        t.format(
                                lang,
                                "decode.likely." + e.likely().name().toLowerCase(java.util.Locale.ROOT),
                                e.length()));
            } else if (msg instanceof Message.Heartbeat h) {
                m.put("kind", "heartbeat");
                m.put("length", h.length());
            } else if (msg instanceof Message.Unknown u) {
                m.put("kind", "unknown");
                m.put("content_type", code(u.contentType(), p.contentType(u.contentType()), 0));
                m.put("length", u.length());
            } else if (msg instanceof Message.Sslv2ClientHello c) {
                m.put("kind", "sslv2_client_hello");
                m.put("version", version(c.version()));
                m.put(
                        "cipher_specs",
                        codes(c.cipherSpecs(), s -> s >> 16 == 0 ? p.cipherSuite(s) : "SSL 2.0 cipher kind", 6));
                m.put("session_id_length", c.sessionId().length);
                m.put("challenge_length", c.challenge().length);
            } else if (msg instanceof Message.Sslv2Error e) {
                m.put("kind", "sslv2_error");
                m.put("error_code", code(e.errorCode(), e.errorName(), 4));
            } else if (msg instanceof Message.Sslv2Other o) {
                m.put("kind", "sslv2_message");
                m.put("msg_type", o.msgType());
                m.put("length", o.length());
            }
            return m;
        }

        private String handshakeName(Message.HandshakeMessage h) {
            if (h.body() instanceof Handshake.ServerHello sh && sh.helloRetryRequest()) {
                return "hello_retry_request";
            }
            return TlsParameters.shortName(p.handshakeType(h.msgType()));
        }

        private Map<String, Object> handshake(Handshake body) {
            Map<String, Object> m = budget.node();
            HexFormat hex = HexFormat.of();
            if (body instanceof Handshake.ClientHello c) {
                m.put("legacy_version", version(c.legacyVersion()));
                m.put("random", hex.formatHex(c.random()));
                m.put("legacy_session_id", hex.formatHex(c.legacySessionId()));
                c.cookie().ifPresent(ck -> m.put("cookie", hex.formatHex(ck)));
                m.put("cipher_suites", codes(c.cipherSuites(), p::cipherSuite, 4));
                m.put("legacy_compression_methods", codes(c.compressionMethods(), p::compressionMethod, 0));
                m.put("extensions", extensions(c.extensions()));
            } else if (body instanceof Handshake.ServerHello s) {
                m.put("hello_retry_request", s.helloRetryRequest());
                m.put("legacy_version", version(s.legacyVersion()));
                m.put("selected_version", version(s.version()));
                m.put("random", hex.formatHex(s.random()));
                m.put("legacy_session_id_echo", hex.formatHex(s.legacySessionIdEcho()));
                m.put("cipher_suite", code(s.cipherSuite(), p.cipherSuite(s.cipherSuite()), 4));
                m.put(
                        "legacy_compression_method",
                        code(s.compressionMethod(), p.compressionMethod(s.compressionMethod()), 0));
                m.put("extensions", extensions(s.extensions()));
            } else if (body instanceof Handshake.HelloVerifyRequest h) {
                m.put("server_version", version(h.serverVersion()));
                m.put("cookie", hex.formatHex(h.cookie()));
            } else if (body instanceof Handshake.Certificate c) {
                c.certificateRequestContext().ifPresent(x -> m.put("certificate_request_context", hex.formatHex(x)));
                List<Object> list = budget.items();
                for (Handshake.CertificateEntry e : c.certificateList()) {
                    list.add(certificate(e));
                }
                m.put("certificate_list", list);
            } else if (body instanceof Handshake.CertificateRequest r) {
                r.certificateRequestContext().ifPresent(x -> m.put("certificate_request_context", hex.formatHex(x)));
                if (r.certificateTypes().length > 0) {
                    m.put("certificate_types", codes(r.certificateTypes(), p::certificateType, 0));
                }
                m.put("supported_signature_algorithms", schemes(r.signatureAlgorithms()));
                m.put("certificate_authorities", r.certificateAuthorities());
                if (!r.extensions().isEmpty()) {
                    m.put("extensions", extensions(r.extensions()));
                }
            } else if (body instanceof Handshake.EncryptedExtensions e) {
                m.put("extensions", extensions(e.extensions()));
            } else if (body instanceof Handshake.KeyUpdate k) {
                m.put("request_update", k.requestUpdate());
            } else if (body instanceof Handshake.Other o) {
                m.put("body_length", o.length());
            } else if (body instanceof Handshake.Fragment f) {
                m.put("fragment_offset", f.fragmentOffset());
                m.put("fragment_length", f.fragmentLength());
                m.put("note", t.get(lang, "decode.fragment"));
            }
            return m;
        }

        /** One certificate: where it is, and what {@link io.tlsalert.decode.CertificateSummary} read of it. */
        Map<String, Object> certificate(Handshake.CertificateEntry e) {
            Map<String, Object> em = budget.node();
            em.put("offset", e.offset());
            em.put("length", e.length());
            e.info().ifPresent(i -> {
                em.put("subject", i.subject());
                em.put("issuer", i.issuer());
                em.put("not_before", i.notBefore());
                em.put("not_after", i.notAfter());
                em.put("serial_number", i.serialNumber());
                em.put("signature_algorithm", i.signatureAlgorithm());
                em.put("public_key", i.publicKey());
                em.put("subject_alt_names", i.subjectAltNames());
            });
            e.error().ifPresent(x -> em.put("error", x));
            if (!e.extensions().isEmpty()) {
                em.put("extensions", extensions(e.extensions()));
            }
            return em;
        }

        private List<Object> schemes(int[] v) {
            return codes(v, s -> p.signatureSchemeName(s).orElseGet(() -> tls12Pair(s)), 4);
        }

        /** Each value as {@link #code}, named by {@code name}. */
        private List<Object> codes(int[] values, IntFunction<String> name, int hexDigits) {
            List<Object> l = budget.items();
            for (int v : values) {
                l.add(code(v, name.apply(v), hexDigits));
            }
            return l;
        }

        private static final String[] HASHES = {"none", "md5", "sha1", "sha224", "sha256", "sha384", "sha512"};
        private static final String[] SIGNATURES = {"anonymous", "rsa", "dsa", "ecdsa"};

        /**
         * TLS 1.2 clients still offer SignatureAndHashAlgorithm pairs that no SignatureScheme names (RFC 5246 §7.4.1.4.1:
         * {@code HashAlgorithm hash; SignatureAlgorithm signature;}), e.g. 0x0303 = sha224 with ecdsa.
         */
        private String tls12Pair(int v) {
            int hash = v >> 8;
            int sig = v & 0xff;
            if (hash < HASHES.length && sig < SIGNATURES.length) {
                return HASHES[hash] + "_" + SIGNATURES[sig] + " (TLS 1.2 hash/signature pair)";
            }
            return p.signatureScheme(v);
        }

        private List<Object> groups(int[] v) {
            return codes(v, p::group, 4);
        }

        private List<Object> extensions(List<Extension> exts) {
            List<Object> l = budget.items();
            for (Extension e : exts) {
                Map<String, Object> m = budget.node();
                m.put("extension_type", code(e.type(), TlsParameters.shortName(p.extension(e.type())), 0));
                m.put("offset", e.offset());
                m.put("length", e.length());
                if (e.data() instanceof Extension.ServerNames s) {
                    m.put("server_name_list", s.hostNames());
                } else if (e.data() instanceof Extension.Alpn a) {
                    m.put("protocol_name_list", a.protocols());
                } else if (e.data() instanceof Extension.Groups g) {
                    m.put("named_group_list", groups(g.groups()));
                } else if (e.data() instanceof Extension.SignatureSchemes s) {
                    m.put("supported_signature_algorithms", schemes(s.schemes()));
                } else if (e.data() instanceof Extension.KeyShares k) {
                    List<Object> shares = budget.items();
                    for (int i = 0; i < k.groups().length; i++) {
                        Map<String, Object> sm = budget.node();
                        sm.put("group", code(k.groups()[i], p.group(k.groups()[i]), 4));
                        sm.put("key_exchange_length", k.keyLengths()[i]);
                        shares.add(sm);
                    }
                    m.put("client_shares", shares);
                } else if (e.data() instanceof Extension.KeyShareServer k) {
                    m.put("group", code(k.group(), p.group(k.group()), 4));
                    m.put("key_exchange_length", k.keyLength());
                } else if (e.data() instanceof Extension.KeyShareRequest k) {
                    m.put("selected_group", code(k.selectedGroup(), p.group(k.selectedGroup()), 4));
                } else if (e.data() instanceof Extension.PskModes k) {
                    m.put("ke_modes", codes(k.modes(), p::pskKeyExchangeMode, 0));
                } else if (e.data() instanceof Extension.Versions v) {
                    m.put("versions", codes(v.versions(), ProtocolVersion::name, 4));
                } else if (e.data() instanceof Extension.SelectedVersion v) {
                    m.put("selected_version", version(v.version()));
                } else if (e.data() instanceof Extension.RenegotiationInfo r) {
                    m.put("renegotiated_connection_length", r.renegotiatedConnectionLength());
                } else if (e.data() instanceof Extension.Padding pd) {
                    m.put("padding_all_zero", pd.allZero());
                } else if (e.data() instanceof Extension.EcPointFormats f) {
                    m.put("ec_point_format_list", codes(f.formats(), p::ecPointFormat, 0));
                } else if (e.data() instanceof Extension.CertificateAuthorities c) {
                    m.put("authorities", c.names());
                } else if (e.data() instanceof Extension.Empty x) {
                } else if (e.data() instanceof Extension.Opaque x) {
                }
                l.add(m);
            }
            return l;
        }
    }
}
