package io.tlsalert.cli;

/** ANSI styling that turns itself off when colour is not wanted. */
record Style(boolean on) {
    String bold(String s) {
        return on ? "\033[1m" + s + "\033[0m" : s;
    }

    String red(String s) {
        return on ? "\033[1;31m" + s + "\033[0m" : s;
    }

    String yellow(String s) {
        return on ? "\033[33m" + s + "\033[0m" : s;
    }

    String dim(String s) {
        return on ? "\033[2m" + s + "\033[0m" : s;
    }
}
