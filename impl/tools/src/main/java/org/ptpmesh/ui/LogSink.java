package org.ptpmesh.ui;

import org.ptpmesh.trace.TraceEvent;

/** Where ptpserver and ptpclient write what happens: plain lines, JSON lines, or the console UI. */
public interface LogSink {

    enum Level { DEBUG, INFO, WARN, ERROR }

    void log(Level level, String text);

    /** A protocol step; shown at INFO for the steps a person cares about, else at DEBUG. */
    void trace(TraceEvent event);
}
