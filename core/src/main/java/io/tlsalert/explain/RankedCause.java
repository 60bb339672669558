package io.tlsalert.explain;

import io.tlsalert.registry.Cause;
import java.util.Optional;

/**
 * One of an alert's common causes, in the order the evidence ranks them.
 *
 * @param cause   the registry's cause
 * @param because the hint that moved it first, when the finding's line pointed at it
 */
public record RankedCause(Cause cause, Optional<CauseHint> because) {}
