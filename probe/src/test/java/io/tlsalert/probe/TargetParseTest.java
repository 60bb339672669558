package io.tlsalert.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsalert.registry.Lang;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Targets as users write them (issue 12 item 7): URLs, brackets, IPv6 in RFC 5952 form, and clear refusals. */
class TargetParseTest {
    @Test
    void httpsUrlsGiveTheHostAndPortAndIgnoreThePath() {
        assertThat(Target.parse("https://example.com/"))
                .isEqualTo(new Target("example.com", 443, Optional.of("example.com")));
        assertThat(Target.parse("https://example.com:8443/a/b?c=d#e"))
                .isEqualTo(new Target("example.com", 8443, Optional.of("example.com")));
        assertThat(Target.parse("HTTPS://Example.com"))
                .isEqualTo(new Target("Example.com", 443, Optional.of("Example.com")));
        assertThat(Target.parse("https://[2001:db8::1]:9443/x"))
                .isEqualTo(new Target("2001:db8::1", 9443, Optional.empty()));
        assertThat(Target.parse("https://127.0.0.1?x")).isEqualTo(new Target("127.0.0.1", 443, Optional.empty()));
        assertThat(Target.parse("https://example.com.:444/").sni()).contains("example.com");
    }

    @Test
    void ipv6IsKeptInRfc5952Form() {
        // RFC 5952 §4.1 no leading zeros, §4.2.1 the longest zero run as ::, §4.3 lower case.
        Target t = Target.parse("[2001:0DB8:0:0:0:0:0:0001]:8443");
        assertThat(t.host()).isEqualTo("2001:db8::1");
        assertThat(t.toString()).isEqualTo("[2001:db8::1]:8443");
        assertThat(Target.parse("0:0:0:0:0:0:0:1").toString()).isEqualTo("[::1]:443");
        assertThat(Target.parse("[2001:db8:0:0:1:0:0:1]").host()).isEqualTo("2001:db8::1:0:0:1");
    }

    @Test
    void otherSchemesAndMalformedTargetsAreClearErrors() {
        assertThatThrownBy(() -> Target.parse("http://example.com/"))
                .isInstanceOf(TargetException.class)
                .hasMessageContaining("http://example.com/")
                .hasMessageContaining("plain HTTP");
        assertThatThrownBy(() -> Target.parse("ftp://example.com"))
                .isInstanceOf(TargetException.class)
                .hasMessageContaining("ftp://");
        assertThatThrownBy(() -> Target.parse("https://user:pw@example.com/")).isInstanceOf(TargetException.class);
        assertThatThrownBy(() -> Target.parse("https:///path")).isInstanceOf(TargetException.class);
        assertThatThrownBy(() -> Target.parse("example.com/path")).isInstanceOf(TargetException.class);
        assertThatThrownBy(() -> Target.parse("host:70000")).hasMessageContaining("1 to 65535");
        assertThatThrownBy(() -> Target.parse("host:+1")).hasMessageContaining("'+1'");
        assertThatThrownBy(() -> Target.parse("[2001:db8::g]:1")).hasMessageContaining("2001:db8::g");
        assertThatThrownBy(() -> Target.parse("")).isInstanceOf(TargetException.class);
    }

    @Test
    void errorsReadInBothLanguages() {
        TargetException e = (TargetException)
                org.assertj.core.api.Assertions.catchThrowable(() -> Target.parse("gopher://example.com"));
        assertThat(e.message(Lang.EN)).contains("gopher://").contains("not supported");
        assertThat(e.message(Lang.ZH)).contains("gopher://").contains("不支持");
    }
}
