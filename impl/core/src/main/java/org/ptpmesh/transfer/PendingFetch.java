package org.ptpmesh.transfer;

import org.ptpmesh.node.Effects;
import org.ptpmesh.trace.DiagnosticEvent;
import org.ptpmesh.transfer.TransferReport.Outcome;
import org.ptpmesh.wire.ErrorCode;

/** A FETCH waiting for its OFFER: sent again every offer-retry interval, up to the retry bound. */
final class PendingFetch {

    private final TransferEndpoint endpoint;
    final long xferId;
    final String name;
    final Route route;
    final TransferTimer timerKey;
    private final long startedAt;
    /** The server's cookie (a RETRY's), repeated in every FETCH from then on. */
    private byte[] cookie = TransferCodec.NO_COOKIE;
    /** The earliest time a RETRY makes this end fetch again at once. */
    private long nextRetryAnswer;
    private int attempts;

    PendingFetch(TransferEndpoint endpoint, long xferId, String name, Route route, TransferTimer timerKey, long now) {
        this.endpoint = endpoint;
        this.xferId = xferId;
        this.name = name;
        this.route = route;
        this.timerKey = timerKey;
        this.startedAt = now;
        this.nextRetryAnswer = now;
    }

    void send(long now, Effects out) {
        attempts++;
        endpoint.send(route, endpoint.codec.fetch(xferId, name, cookie), out);
        endpoint.tracer.step(out, now, DiagnosticEvent.SEND_FETCH).param("xfer", xferId).param("name", name)
                .param("attempt", attempts).log();
        out.setTimer(timerKey, now + endpoint.config.offerRetryMillis());
    }

    void onTimer(long now, Effects out) {
        if (attempts > endpoint.config.maxRetries()) {
            end(now, out, Outcome.GAVE_UP, "no OFFER answered " + attempts + " FETCHes");
        } else {
            send(now, out);
        }
    }

    /** The server wants its cookie back: fetch again at once, at most once per retry interval (RETRYs may be forged). */
    void onRetry(byte[] newCookie, long now, Effects out) {
        cookie = newCookie;
        if (now >= nextRetryAnswer) {
            nextRetryAnswer = now + endpoint.config.offerRetryMillis();
            send(now, out);
        }
    }

    /** The server refused: the object is unavailable or its name unsafe (the fetch ends), or every slot is taken (it asks again). */
    void onCancel(ErrorCode error, String why, long now, Effects out) {
        if (error == ErrorCode.RATE_LIMITED) {
            return;
        }
        Outcome outcome = error == ErrorCode.OBJECT_UNAVAILABLE ? Outcome.OBJECT_UNAVAILABLE
                : error == ErrorCode.UNSAFE_NAME ? Outcome.REFUSED : Outcome.CANCELLED;
        end(now, out, outcome, "the sender cancelled: " + (error == null ? "unknown error" : error.meaning())
                + (why == null ? "" : " (" + why + ")"));
    }

    /** The OFFER came: the reception takes over. */
    void answered(Effects out) {
        endpoint.fetchEnded(this);
        out.cancelTimer(timerKey);
    }

    void end(long now, Effects out, Outcome outcome, String detail) {
        answered(out);
        endpoint.listener.finished(new TransferReport(xferId, name, TransferReport.Role.RECEIVER,
                outcome, -1, 0, startedAt, now, 0, 0, 0, detail));
    }
}
