package io.tlsalert.registry;

/**
 * The texts of one alert in one language.
 *
 * @param summary  one line
 * @param meaning  what the RFC says it means
 * @param level    the level rule as the RFC states it
 * @param tls13    its status in TLS 1.3 and DTLS
 * @param received what it tells you when the peer sent it
 * @param sent     what it tells you when your side sent it
 */
public record AlertText(String summary, String meaning, String level, String tls13, String received, String sent) {}
