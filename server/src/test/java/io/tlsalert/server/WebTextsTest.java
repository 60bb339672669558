package io.tlsalert.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tlsalert.TlsAlerts;
import io.tlsalert.explain.Direction;
import io.tlsalert.explain.Evidence;
import io.tlsalert.registry.Lang;
import io.tlsalert.registry.LevelRule;
import io.tlsalert.registry.Texts;
import io.tlsalert.registry.Tls13Status;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The web page's strings ({@code web.*} in text_en/zh.properties): every language has every key, every key the page
 * asks for exists, none is left over, and the Chinese is Chinese.
 */
class WebTextsTest {
    private static final Path WEB = Path.of("src/main/resources" + WebFiles.DIR);
    private static final Texts TEXTS = TlsAlerts.registry().texts();

    private static Set<String> webKeys(Lang lang) {
        Set<String> keys = new TreeSet<>();
        for (String k : TEXTS.keys(lang)) {
            if (k.startsWith(Api.WEB_TEXT_PREFIX)) {
                keys.add(k.substring(Api.WEB_TEXT_PREFIX.length()));
            }
        }
        return keys;
    }

    /** The page's sources: the modules and the HTML. */
    private static String sources() throws IOException {
        StringBuilder b = new StringBuilder();
        try (Stream<Path> files = Files.list(WEB)) {
            for (Path p : files.sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(".js") || name.endsWith(".html")) {
                    b.append(Files.readString(p, StandardCharsets.UTF_8)).append('\n');
                }
            }
        }
        return b.toString();
    }

    private static Set<String> all(String text, String regex) {
        Set<String> s = new TreeSet<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            s.add(m.group(1));
        }
        return s;
    }

    @Test
    void everyLanguageHasEveryWebKey() {
        Set<String> en = webKeys(Lang.EN);
        assertThat(en).hasSizeGreaterThan(50);
        for (Lang lang : Lang.values()) {
            assertThat(webKeys(lang)).as("web.* keys of %s", lang).isEqualTo(en);
        }
    }

    @Test
    void everyKeyThePageUsesExistsAndNoneIsLeftOver() throws IOException {
        String src = sources();
        Set<String> literal = all(src, "\\bt(?:Or)?\\('([^']+)'\\s*[,)]");
        literal.addAll(all(src, "data-i18n=\"([^\"]+)\""));
        Set<String> prefixes = all(src, "\\btOr\\('([^']+\\.)'\\s*\\+");
        Set<String> nouns = all(src, "\\bcount\\('([a-z]+)'");
        Set<String> keys = webKeys(Lang.EN);

        Set<String> expected = new TreeSet<>(literal);
        for (String noun : nouns) {
            expected.add("count." + noun + ".one");
            expected.add("count." + noun + ".other");
        }
        // the JSON ids the page turns into text with tOr('prefix.' + id, ...)
        for (LevelRule r : LevelRule.values()) {
            expected.add("rule." + r.id());
        }
        for (Tls13Status s : Tls13Status.values()) {
            expected.add("tls13." + s.id());
        }
        for (Direction d : Direction.values()) {
            expected.add("direction." + d.id());
        }
        for (Evidence e : Evidence.values()) {
            expected.add("evidence." + e.id());
        }
        expected.add("level.fatal");
        expected.add("level.warning");
        assertThat(prefixes).containsExactlyInAnyOrder("rule.", "tls13.", "direction.", "evidence.", "level.");

        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(keys);
        assertThat(missing).as("keys the page uses that the text files lack").isEmpty();
        Set<String> leftOver = new TreeSet<>(keys);
        leftOver.removeAll(expected);
        assertThat(leftOver).as("web.* keys the page never uses").isEmpty();
    }

    @Test
    void theChinesePageIsChinese() {
        for (String k : webKeys(Lang.ZH)) {
            String zh = TEXTS.get(Lang.ZH, Api.WEB_TEXT_PREFIX + k);
            if (k.equals("apiLink") || k.startsWith("foundSummary.notes")) {
                continue; // "API", and a list separator
            }
            assertThat(zh).as("web.%s in zh", k).containsPattern("\\p{IsHan}");
        }
    }

    @Test
    void theServerHandsThemOutWithoutThePrefix() throws Exception {
        try (AlertServer server =
                AlertServer.start(AlertServer.Config.defaults().withPort(0))) {
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                            + server.address().getPort() + "/api/texts?lang=zh"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(r.statusCode()).isEqualTo(200);
            Map<String, Object> body = JSON.std.mapFrom(r.body());
            assertThat(body).containsEntry("lang", "zh");
            @SuppressWarnings("unchecked")
            Map<String, Object> texts = (Map<String, Object>) body.get("texts");
            assertThat(texts.keySet()).isEqualTo(webKeys(Lang.ZH));
            assertThat(texts).containsEntry("listHeading", TEXTS.get(Lang.ZH, "web.listHeading"));
        }
    }

    @Test
    void noStringTableIsLeftInThePage() throws IOException {
        assertThat(sources()).doesNotContain("I18N").doesNotContain("全部 TLS 告警");
    }
}
