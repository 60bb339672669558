package io.tlsalert.probe;

import java.util.Optional;

/**
 * What the one HTTP/1.1 request of {@link HttpCheck} got back over the TLS connection, or why none was sent.
 *
 * @param sent       whether the request was sent
 * @param statusLine the status line ("HTTP/1.1 400 Bad Request"), when one came
 * @param status     its status code, 0 when none came
 * @param title      what the body says in few words (an HTML page's title, else its first line), may be empty
 * @param alert      an alert the server sent instead of an answer (a TLS 1.3 server refusing the missing
 *                   certificate late: certificate_required)
 * @param note       how it ended, or why no request was sent, in words
 * @param bytes      bytes of the answer read (at most {@link HttpCheck#MAX_BYTES})
 */
public record HttpAnswer(
        boolean sent,
        Optional<String> statusLine,
        int status,
        String title,
        Optional<AlertInfo> alert,
        String note,
        int bytes) {

    static HttpAnswer notSent(String why) {
        return new HttpAnswer(false, Optional.empty(), 0, "", Optional.empty(), why, 0);
    }
}
