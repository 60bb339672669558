package io.tlsalert.cli;

import io.tlsalert.TlsAlerts;
import io.tlsalert.decode.ByteInput;
import io.tlsalert.decode.CertificateInput;
import io.tlsalert.decode.DecodeInput;
import io.tlsalert.decode.DecodeLimits;
import io.tlsalert.decode.DecodeProblem;
import io.tlsalert.decode.Decoding;
import io.tlsalert.decode.InputFormatException;
import io.tlsalert.decode.Trace;
import io.tlsalert.explain.Explanation;
import io.tlsalert.explain.Finding;
import io.tlsalert.registry.Lang;
import io.tlsalert.registry.Texts;
import io.tlsalert.report.DecodeTree;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "decode", mixinStandardHelpOptions = true)
final class DecodeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "BYTES", arity = "0..*", descriptionKey = "bytes")
    String[] words = {};

    @Option(
            names = {"-f", "--file"},
            paramLabel = "FILE")
    Path file;

    @Option(names = "--base64")
    boolean base64;

    @Option(names = "--hex")
    boolean hex;

    @Mixin
    Options options = new Options();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Lang lang = options.language();
        if (base64 && hex) {
            throw Main.UsageError.of("exclusive", "--base64", "--hex");
        }
        ByteInput.Format format = base64 ? ByteInput.Format.BASE64 : hex ? ByteInput.Format.HEX : ByteInput.Format.AUTO;
        Input.Source source =
                Input.source(words, file, Main.text("cli.noun.bytes"), Main.text("cli.error.nothing-to-decode"));
        DecodeLimits limits = DecodeLimits.DEFAULT;
        Texts t = TlsAlerts.registry().texts();
        DecodeInput in = read(source, words, format, limits);
        if (in instanceof DecodeInput.Refused r) {
            CertificateInput.NotCertificate n = r.pem();
            throw new Main.UsageError(source.what() + ": "
                    + t.format(lang, n.key() ? "decode.pem.key" : "decode.pem.other", n.label(), n.line()));
        }
        if (in instanceof DecodeInput.Certificates c) {
            DecodeTree tree = new DecodeTree(t, lang);
            Map<String, Object> view = tree.certificates(c.certificates());
            if (options.json) {
                out.println(Json.write(tree.certificatesReport(c.certificates())));
            } else {
                out.print(new TreeText(new Style(Options.color()), limits.maxOutputChars()).render(view, 0));
            }
            out.flush();
            return Main.FOUND;
        }
        Decoding d = ((DecodeInput.Records) in).decoding();
        DecodeTree tree = new DecodeTree(t, lang);
        List<Finding> alerts = DecodeTree.alertFindings(d);
        boolean cut = false;
        if (options.json) {
            // The tree stops at maxOutputChars of compact JSON while it is built; "truncated" says where.
            Map<String, Object> report = tree.report(d, limits);
            cut = report.containsKey("truncated");
            out.println(Json.write(report));
        } else {
            // Built within the same limit, so an amplifying input is never held whole; "truncated" ends a cut tree.
            Map<String, Object> view = tree.decoding(d, limits);
            Style st = new Style(Options.color());
            TreeText text = new TreeText(st, limits.maxOutputChars());
            String rendered = text.render(view, 0);
            out.print(rendered);
            long chars = rendered.length();
            cut = text.cut() || view.containsKey("truncated");
            // Each alert explained on its own, so that the text stops at the limit without being built whole first.
            int explained = 0;
            for (Finding f : alerts) {
                if (cut || explained == limits.maxExplainedAlerts()) {
                    break;
                }
                ExplainView ev = new ExplainView(TlsAlerts.registry(), TlsAlerts.explainer(), lang, st);
                String one = (d.trace().isPresent() ? ev.fromTrace() : ev.withoutSource())
                        .render(new Explanation(List.of(f), List.of(), 1), false);
                out.println();
                out.print(one);
                chars += one.length() + 1;
                explained++;
                cut = chars >= limits.maxOutputChars();
            }
            if (cut) {
                err.println("tlsalert: "
                        + t.format(
                                lang,
                                "decode.output.cut",
                                limits.maxOutputChars(),
                                DecodeLimits.Limit.OUTPUT_CHARS.field()));
            } else if (explained < alerts.size()) {
                err.println("tlsalert: "
                        + t.format(
                                lang,
                                "decode.alerts.not-explained",
                                alerts.size() - explained,
                                limits.maxExplainedAlerts(),
                                DecodeLimits.Limit.EXPLAINED_ALERTS.field()));
            }
            // When the tree was cut, not every record decoded before the problem is shown: the text says which are.
            Object shown = view.get("records") instanceof List<?> l
                    ? l.size()
                    : d.records().size();
            boolean treeCut = view.containsKey("truncated");
            d.problem().ifPresent(p -> err.println("tlsalert: " + problem(t, lang, d, p, treeCut, shown)));
        }
        out.flush();
        err.flush();
        return d.problem().isPresent() || cut ? Main.BAD_INPUT : Main.FOUND;
    }

    /** What the input holds (core's {@link DecodeInput}); a format error names the input. */
    private static DecodeInput read(Input.Source source, String[] words, ByteInput.Format format, DecodeLimits limits) {
        try {
            if (source.arguments()) {
                return DecodeInput.fromText(String.join(" ", words), format, limits);
            }
            if (source.bytes().length == 0) {
                throw Main.UsageError.of("empty", source.what());
            }
            return DecodeInput.fromRaw(source.bytes(), format, limits);
        } catch (InputFormatException e) {
            throw new Main.UsageError(source.what() + ": " + e.getMessage());
        }
    }

    /** Where and why decoding stopped; in a trace, which direction's bytes and which line. */
    private static String problem(Texts t, Lang lang, Decoding d, DecodeProblem p, boolean treeCut, Object shown) {
        Optional<Trace.Origin> at = d.trace().flatMap(Trace::problemAt);
        if (at.isPresent()) {
            return t.format(
                    lang,
                    "decode.trace.problem",
                    p.field(),
                    p.offset(),
                    p.message(),
                    d.records().size(),
                    t.get(lang, "decode.trace.flow." + at.get().flow().id()),
                    at.get().line());
        }
        return t.format(
                lang,
                treeCut ? "decode.problem.cut" : "decode.problem",
                p.field(),
                p.offset(),
                p.message(),
                d.records().size(),
                shown);
    }
}
