package org.ptpmesh.rendezvous;

import java.util.ArrayList;
import java.util.List;
import org.ptpmesh.node.DropCounters;
import org.ptpmesh.node.Effects;
import org.ptpmesh.trace.RendezvousAction;
import org.ptpmesh.trace.Tracer;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.Timestamps;
import org.ptpmesh.wire.list.ClientListPager;
import org.ptpmesh.wire.list.ListHeader;

/**
 * The rendezvous server's publication of lists, per client (docs/protocol.md 6.1): each client
 * gets its list once a publish period, spread over the period ({@link PublicationSchedule}), and
 * sooner when its list changed: at once after a departure (up to
 * {@link ServerDefaults#DEPARTURES_AT_ONCE} departures a gap), no sooner than the announce gap
 * after its last list for a join or a move. Only the clients whose list names the client that changed
 * are touched ({@link ListComposer#forEachListing}): with a list limit, a limit's worth. Lists
 * go out in publish ticks at least {@link ServerDefaults#PUBLISH_TICK_MILLIS} apart, each
 * sending at most the publish budget, so that no burst of changes holds the event loop.
 */
final class Publisher {

    /** What the server lends the publisher to send with. */
    interface Output {
        void send(Endpoint to, byte[] datagram, Effects out);

        long nextSequence();
    }

    /** What made a publication run, as the trace names it. */
    enum Cause {
        /** The PUBLISH timer: lists due by the period or by a join or move. */
        DUE("due"),
        /** A SHUTDOWN, published in its own step so that the others stop probing the client now. */
        DEPARTURE("departure");

        final String traceName;

        Cause(String traceName) {
            this.traceName = traceName;
        }
    }

    private final ServerConfig config;
    private final Registry registry;
    private final DropCounters drops;
    private final Tracer tracer;
    private final Output output;
    private final PublicationSchedule schedule = new PublicationSchedule();
    /** When the PUBLISH timer is set to fire, {@link Long#MAX_VALUE} when it is not set. */
    private long publishAt = Long.MAX_VALUE;
    /** When the last tick ran: ticks are at least a tick apart, so the budget is a rate. */
    private long lastTickAt = Long.MIN_VALUE / 2;
    private long lists;
    /** Departures published at once since {@link #departureWindowStart}. */
    private int departuresAtOnce;
    private long departureWindowStart = Long.MIN_VALUE / 2;

    Publisher(ServerConfig config, Registry registry, DropCounters drops, Tracer tracer, Output output) {
        this.config = config;
        this.registry = registry;
        this.drops = drops;
        this.tracer = tracer;
        this.output = output;
    }

    /** A client joined: its own list at once, the lists naming it no sooner than the announce gap. */
    void joined(RegisteredClient client, long now, Effects out) {
        schedule.add(client, now);
        arm(now, out);
        changed(client, false, now, out);
    }

    /** A client's addresses or NAT changed: its own list and those naming it, no sooner than the announce gap. */
    void moved(RegisteredClient client, long now, Effects out) {
        due(client, false, now, out);
        changed(client, false, now, out);
    }

    /**
     * A client is about to leave the registry: every list naming it goes again at once, without
     * it. Only a burst of departures, more than {@link ServerDefaults#DEPARTURES_AT_ONCE} within
     * one announce gap, waits for each list's gap, so that registrations leaving one by one cannot
     * make the server send the lists naming them once per departure. Returns whether the lists
     * were made due at once.
     */
    boolean leaving(RegisteredClient client, long now, Effects out) {
        boolean atOnce = departsAtOnce(now);
        changed(client, atOnce, now, out);
        schedule.remove(client);
        return atOnce;
    }

    /**
     * A tick starts: the PUBLISH timer fired, or a departure is published in its own step (the
     * server purges before {@link #sendDue}). A departure's tick may come sooner than
     * {@link ServerDefaults#PUBLISH_TICK_MILLIS} after the last, at most
     * {@link ServerDefaults#DEPARTURES_AT_ONCE} times a gap.
     */
    void tick(long now) {
        publishAt = Long.MAX_VALUE;
        lastTickAt = now;
    }

    /**
     * Sends the lists that are due, at most the publish budget's worth of datagrams; what is left
     * goes in the next tick. Each list sent schedules that client's next one a period later.
     */
    void sendDue(long now, Effects out, Cause cause) {
        int sentLists = 0;
        long sent = 0;
        // the addressees, for the trace (a replay must know whose list was replaced); at most the
        // publish budget's worth, since every list costs at least a datagram of it
        List<String> to = new ArrayList<>();
        RegisteredClient c;
        while (sent < config.publishBudget() && (c = schedule.pollDue(now)) != null) {
            sent += sendList(c, now, out);
            sentLists++;
            schedule.add(c, now + config.publishEvery());
            to.add(c.id().toString());
        }
        lists += sentLists;
        if (sentLists > 0) {
            tracer.step(out, now, RendezvousAction.PUBLISH).param("cause", cause.traceName).param("lists", sentLists).param("datagrams", sent)
                    .param("clients", registry.size()).param("to", to).log();
        }
        long next = schedule.next();
        if (next != Long.MAX_VALUE) {
            arm(next, out);
        }
    }

    /** Lists sent so far. */
    long lists() {
        return lists;
    }

    /** Whether a departure now is still within the departures published at once this gap (counted if so). */
    private boolean departsAtOnce(long now) {
        if (now - departureWindowStart >= config.announceGap()) {
            departureWindowStart = now;
            departuresAtOnce = 0;
        }
        if (departuresAtOnce == ServerDefaults.DEPARTURES_AT_ONCE) {
            return false;
        }
        departuresAtOnce++;
        return true;
    }

    /** The lists naming {@code client} are due: at once, or no sooner than the announce gap after each one's last. */
    private void changed(RegisteredClient client, boolean atOnce, long now, Effects out) {
        ListComposer.forEachListing(registry, client, config.listLimit(), c -> due(c, atOnce, now, out));
    }

    private void due(RegisteredClient c, boolean atOnce, long now, Effects out) {
        long at = atOnce ? now : Math.max(now, c.lastListAt() + config.announceGap());
        if (schedule.advance(c, at)) {
            arm(at, out);
        }
    }

    private void arm(long wanted, Effects out) {
        long at = Math.max(wanted, lastTickAt + ServerDefaults.PUBLISH_TICK_MILLIS);
        if (at < publishAt) {
            publishAt = at;
            out.setTimer(RendezvousServer.Timer.PUBLISH, at);
        }
    }

    /** Sends one client its list (paged if need be); returns the datagrams sent. */
    private int sendList(RegisteredClient c, long now, Effects out) {
        ListHeader header = new ListHeader(config.serverVersion(), output.nextSequence(), c.idBytes(),
                Timestamps.fromMillis(now), c.external());
        ClientListPager.Pages pages = ClientListPager.paginate(header, ListComposer.entriesFor(registry, c, config.listLimit()),
                c.nextListId(now), c.audience());
        for (Message page : pages.messages()) {
            output.send(c.external(), Codec.encode(page), out);
        }
        if (pages.omitted() > 0) {
            drops.count(ServerDropReason.LIST_ENTRIES_OMITTED, pages.omitted());
        }
        return pages.messages().size();
    }
}
