package io.tlsalert.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The probe policy against the bypasses of issue 10: addresses that are not globally routable unicast by the IANA
 * special-purpose registries, IPv6 forms that carry them, and malformed patterns.
 */
class ProbePolicyTest {
    /** Every name resolves to the one address given, as a hostile DNS zone would answer. */
    static ProbePolicy resolvingTo(byte[] address, String... patterns) {
        return new ProbePolicy(
                List.of(patterns),
                host -> List.of(
                        address.length == 16
                                ? Inet6Address.getByAddress(host, address, -1) // keeps ::ffff:a.b.c.d an IPv6 address
                                : InetAddress.getByAddress(host, address)));
    }

    static byte[] ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal).getAddress();
    }

    static byte[] v6(String literal) {
        return IpPrefix.parseAddress(literal).orElseThrow();
    }

    @Test
    void aNameWhoseAaaaIsIpv4MappedLoopbackIsRefused() {
        ProbePolicy p = resolvingTo(v6("::ffff:127.0.0.1"), "*.example.com");
        ProbePolicy.Decision d = p.check("evil.example.com");
        assertThat(d.address()).isEmpty();
        assertThat(d.reason()).contains("127.0.0.1").contains("loopback");
    }

    @Test
    void specialPurposeIpv4BlocksAreRefusedBehindAnAllowedName() throws Exception {
        for (String a : new String[] {
            "100.64.0.1",
            "100.127.255.254",
            "198.18.0.1",
            "198.19.255.255",
            "192.0.0.1",
            "192.0.0.255",
            "0.0.0.0",
            "0.1.2.3",
            "240.0.0.1",
            "255.255.255.254",
            "255.255.255.255",
            "127.0.0.1",
            "10.0.0.1",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "224.0.0.1",
            "239.255.255.255",
            "192.0.2.1",
            "198.51.100.1",
            "203.0.113.1"
        }) {
            ProbePolicy.Decision d = resolvingTo(ip(a), "*.example.com").check("x.example.com");
            assertThat(d.address()).as(a).isEmpty();
            assertThat(d.reason()).as(a).contains("not globally routable");
        }
    }

    @Test
    void specialPurposeIpv6BlocksAndEmbeddedIpv4AreRefused() {
        for (String a : new String[] {
            "::7f00:1", // IPv4-compatible 127.0.0.1
            "::a00:1", // IPv4-compatible 10.0.0.1
            "::ffff:10.0.0.1",
            "64:ff9b::7f00:1", // NAT64 of 127.0.0.1
            "64:ff9b::a9fe:a9fe", // NAT64 of 169.254.169.254
            "64:ff9b:1::1", // local-use NAT64
            "2002:7f00:1::1", // 6to4 of 127.0.0.1
            "2002:c0a8:101::1", // 6to4 of 192.168.1.1
            "2001:0:7f00:1::", // Teredo whose server is 127.0.0.1
            "2001:0:808:808::80ff:fffe", // Teredo whose client is ~(80ff:fffe) = 127.0.0.1
            "::1",
            "::",
            "fe80::1",
            "fd00:ec2::254",
            "fc00::1",
            "ff02::1",
            "2001:db8::1",
            "100::1",
            "2001:2::1",
            "4000::1" // outside 2000::/3: reserved by the IETF
        }) {
            ProbePolicy.Decision d = resolvingTo(v6(a), "*.example.com").check("x.example.com");
            assertThat(d.address()).as(a).isEmpty();
        }
    }

    @Test
    void globalUnicastPassesAndItsWrappedFormsToo() throws Exception {
        for (byte[] a : new byte[][] {
            ip("8.8.8.8"),
            ip("192.0.0.9"), // PCP anycast: globally reachable per the registry
            v6("2606:4700:4700::1111"),
            v6("64:ff9b::808:808"), // NAT64 of 8.8.8.8
            v6("2002:808:808::1"), // 6to4 of 8.8.8.8
        }) {
            ProbePolicy.Decision d = resolvingTo(a, "*.example.com").check("x.example.com");
            assertThat(d.address())
                    .as(SpecialAddresses.text(a) + ": " + d.reason())
                    .isPresent();
        }
    }

    @Test
    void anIpOrCidrPatternNamesASpecialAddress() throws Exception {
        assertThat(resolvingTo(ip("100.64.1.1"), "100.64.0.0/10")
                        .check("100.64.1.1")
                        .address())
                .isPresent();
        assertThat(resolvingTo(v6("::1"), "::1").check("::1").address()).isPresent();
        assertThat(resolvingTo(ip("127.0.0.1"), "127.0.0.1")
                        .check("::ffff:127.0.0.1")
                        .address())
                .as("the IPv4-mapped form of an allowed IPv4 address is that address")
                .isPresent();
        assertThat(resolvingTo(ip("127.0.0.1"), "127.0.0.1").check("::7f00:1").address())
                .as("the deprecated IPv4-compatible form is another address")
                .isEmpty();
    }

    @Test
    void theCheckedAddressIsTheOneReturned() throws Exception {
        ProbePolicy p = resolvingTo(ip("8.8.4.4"), "*.example.com");
        assertThat(p.check("dns.example.com").address())
                .get()
                .extracting(InetAddress::getHostAddress)
                .isEqualTo("8.8.4.4");
    }

    @Test
    void everyResolvedAddressMustPass() {
        ProbePolicy p = new ProbePolicy(
                List.of("*.example.com"),
                host -> List.of(InetAddress.getByName("8.8.8.8"), InetAddress.getByName("127.0.0.1")));
        assertThat(p.check("both.example.com").address()).isEmpty();
    }

    @Test
    void invalidPatternsAreRefused() {
        for (String bad : new String[] {
            "8.8.8.8/-1",
            "/33",
            "::/129",
            "10.0.0.0/33",
            "",
            " ",
            "garbage!",
            "*",
            "*.",
            "1.2.3",
            "10.0.0.0/",
            "10.0.0.0/8/8",
            "256.1.1.1",
            "http://example.com",
            "exa mple.com",
            "10.0.0.0/0x8",
            ":::",
            "a..b"
        }) {
            assertThatThrownBy(() -> new ProbePolicy(List.of(bad)))
                    .as("'" + bad + "'")
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--probe-allow");
        }
        for (String good : new String[] {
            "8.8.8.8", "8.8.8.8/32", "0.0.0.0/0", "::/0", "2001:db8::/32", "*.example.com", "example.com", "LOCALHOST"
        }) {
            new ProbePolicy(List.of(good));
        }
    }

    @Test
    void theRegistryFileHasEveryRowTheIssueNames() {
        for (String block : new String[] {
            "100.64.0.0/10",
            "198.18.0.0/15",
            "192.0.0.0/24",
            "0.0.0.0/8",
            "240.0.0.0/4",
            "255.255.255.255/32",
            "0:0:0:0:0:0:0:0/96",
            "64:ff9b:0:0:0:0:0:0/96",
            "64:ff9b:1:0:0:0:0:0/48",
            "2002:0:0:0:0:0:0:0/16",
            "2001:0:0:0:0:0:0:0/32"
        }) {
            assertThat(SpecialAddresses.blocks())
                    .as(block)
                    .anyMatch(b -> b.prefix().toString().equals(block));
        }
    }
}
