package io.tlsalert.cli;

public final class Main {
    public static void main(String[] args) {
        io.tlsalert.explain.Explanation e = io.tlsalert.TlsAlerts.explain(String.join(" ", args));
        e.findings().forEach(System.out::println);
    }
}
