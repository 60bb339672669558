package io.tlsalert.testkit;

/** An IPv4 address and a TCP or UDP port: one end of a flow written with {@link TcpFlow} or {@link FrameLog}. */
public record Endpoint(String ip, int port) {}
