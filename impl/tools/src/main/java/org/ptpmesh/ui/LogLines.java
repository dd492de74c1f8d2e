package org.ptpmesh.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.ptpmesh.trace.DiagnosticEvent;
import org.ptpmesh.trace.RendezvousAction;
import org.ptpmesh.trace.TraceEvent;

/** How a log entry reads, as a plain line or as one JSON object, shared by every sink. */
public final class LogLines {

    /** Steps shown without --debug: the ones that change who is in the mesh. */
    static final Set<String> INFO_EVENTS = Set.of(DiagnosticEvent.START.actionName(),
            RendezvousAction.PURGE.actionName(), RendezvousAction.SHUTDOWN.actionName());

    private static final ObjectMapper JSON = new ObjectMapper();

    private LogLines() {
    }

    static LogSink.Level levelOf(TraceEvent e) {
        boolean changesMembers = INFO_EVENTS.contains(e.event())
                || (RendezvousAction.REGISTER.actionName().equals(e.event()) && "joined".equals(e.params().get("outcome")))
                || (RendezvousAction.RECEIVE_LIST.actionName().equals(e.event()) && !(Integer.valueOf(0).equals(e.params().get("added"))
                        && Integer.valueOf(0).equals(e.params().get("removed"))));
        return changesMembers ? LogSink.Level.INFO : LogSink.Level.DEBUG;
    }

    static String plain(long at, LogSink.Level level, String text) {
        return Instant.ofEpochMilli(at) + " " + level + " " + text;
    }

    static String plain(TraceEvent e) {
        return e.node() + " " + e.event() + " " + format(e.params());
    }

    static String json(long at, LogSink.Level level, String text) {
        ObjectNode o = JSON.createObjectNode();
        o.put("time", Instant.ofEpochMilli(at).toString()).put("level", level.name()).put("msg", text);
        return o.toString();
    }

    static String json(TraceEvent e, LogSink.Level level) {
        ObjectNode o = JSON.createObjectNode();
        o.put("time", Instant.ofEpochMilli(e.time()).toString()).put("level", level.name()).put("event", e.event())
                .put("node", e.node());
        o.set("params", JSON.valueToTree(e.params()));
        o.set("state", JSON.valueToTree(e.state()));
        return o.toString();
    }

    private static String format(Map<String, Object> params) {
        return params.entrySet().stream().map(en -> en.getKey() + "=" + en.getValue()).collect(Collectors.joining(" "));
    }
}
