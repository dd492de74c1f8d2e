package org.ptpmesh.ui;

import java.io.PrintStream;
import java.util.function.LongSupplier;
import org.ptpmesh.trace.TraceEvent;

/** Plain or JSON log lines on a stream: what ptpserver and ptpclient print when not on a terminal. */
public final class LineLog implements LogSink {

    private final PrintStream out;
    private final boolean json;
    private final boolean debug;
    private final LongSupplier clock;

    public LineLog(PrintStream out, boolean json, boolean debug, LongSupplier clock) {
        this.out = out;
        this.json = json;
        this.debug = debug;
        this.clock = clock;
    }

    @Override
    public synchronized void log(Level level, String text) {
        if (level == Level.DEBUG && !debug) {
            return;
        }
        long at = clock.getAsLong();
        out.println(json ? LogLines.json(at, level, text) : LogLines.plain(at, level, text));
        out.flush();
    }

    @Override
    public synchronized void trace(TraceEvent event) {
        Level level = LogLines.levelOf(event);
        if (level == Level.DEBUG && !debug) {
            return;
        }
        out.println(json ? LogLines.json(event, level) : LogLines.plain(event.time(), level, LogLines.plain(event)));
        out.flush();
    }
}
