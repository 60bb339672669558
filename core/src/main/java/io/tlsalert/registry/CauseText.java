package io.tlsalert.registry;

/** One common cause of an alert, in one language: what it is, how to confirm it, how to fix it. */
public record CauseText(String title, String confirm, String fix) {}
