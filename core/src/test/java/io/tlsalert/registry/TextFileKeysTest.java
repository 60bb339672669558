package io.tlsalert.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each key is written once in each text file: a key written twice (as two merges of separate work can leave it) is
 * silently read as its last value, and the first one is dead text that still looks maintained.
 */
class TextFileKeysTest {
    @ParameterizedTest
    @EnumSource(Lang.class)
    void everyKeyIsWrittenOnce(Lang lang) throws IOException {
        String name = "/io/tlsalert/registry/text_" + lang.id() + ".properties";
        String text;
        try (InputStream in = TextFileKeysTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, Integer> firstLine = new HashMap<>();
        List<String> lines = text.lines().toList();
        StringBuilder twice = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            int eq = l.indexOf('=');
            if (l.isBlank()
                    || l.startsWith("#")
                    || l.startsWith("!")
                    || eq <= 0
                    || Character.isWhitespace(l.charAt(0))) {
                continue;
            }
            String key = l.substring(0, eq).strip();
            Integer was = firstLine.putIfAbsent(key, i + 1);
            if (was != null) {
                twice.append(key)
                        .append(" (lines ")
                        .append(was)
                        .append(" and ")
                        .append(i + 1)
                        .append(")\n");
            }
        }
        assertThat(twice.toString()).as("keys written twice in %s", name).isEmpty();
    }
}
