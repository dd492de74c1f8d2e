package org.ptpmesh.ui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.Terminal;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.ptpmesh.trace.TraceEvent;

/**
 * The console UI of ptpserver and ptpclient, in the spirit of ptptest's urwid screen: status
 * lines, a table below them, and a log window of the last {@code logLines} lines at the bottom.
 * It is also the log sink while it runs, so nothing else writes to the terminal. 'q' or Escape
 * quits.
 */
public final class ConsoleUi implements LogSink {

    private static final long FRAME_MILLIS = 250;

    private final Terminal terminal;
    private final String title;
    private final int logLines;
    private final boolean debug;
    private final LongSupplier clock;
    private final Deque<String> log = new ArrayDeque<>();

    public ConsoleUi(Terminal terminal, String title, int logLines, boolean debug, LongSupplier clock) {
        if (logLines < 1) {
            throw new IllegalArgumentException("--loglines must be at least 1, got " + logLines);
        }
        this.terminal = terminal;
        this.title = title;
        this.logLines = logLines;
        this.debug = debug;
        this.clock = clock;
    }

    @Override
    public synchronized void log(Level level, String text) {
        if (level == Level.DEBUG && !debug) {
            return;
        }
        for (String line : LogLines.plain(clock.getAsLong(), level, text).split("\n")) {
            log.addLast(line);
        }
        while (log.size() > logLines) {
            log.removeFirst();
        }
    }

    @Override
    public void trace(TraceEvent event) {
        log(LogLines.levelOf(event), LogLines.plain(event));
    }

    /** Draws frames until the user quits or {@code stop} says so. */
    public void run(Supplier<StatusView> view, BooleanSupplier stop) throws IOException, InterruptedException {
        Screen screen = new TerminalScreen(terminal);
        screen.startScreen();
        screen.setCursorPosition(null);
        try {
            while (!stop.getAsBoolean()) {
                draw(screen, view.get());
                KeyStroke key = screen.pollInput();
                if (key != null && (key.getKeyType() == KeyType.Escape || key.getKeyType() == KeyType.EOF
                        || (key.getCharacter() != null && key.getCharacter() == 'q'))) {
                    return;
                }
                Thread.sleep(FRAME_MILLIS);
            }
        } finally {
            screen.stopScreen();
        }
    }

    /** Lays out one frame; public for headless tests on a virtual terminal. */
    public void draw(Screen screen, StatusView v) throws IOException {
        screen.doResizeIfNecessary();
        TerminalSize size = screen.getTerminalSize();
        screen.clear();
        TextGraphics g = screen.newTextGraphics();
        int row = 0;
        g.enableModifiers(SGR.BOLD);
        g.putString(0, row++, fit(title + "  (q quits)", size.getColumns()));
        g.disableModifiers(SGR.BOLD);
        for (String s : v.status()) {
            g.putString(0, row++, fit(s, size.getColumns()));
        }
        row++;
        int logTop = Math.max(row + 2, size.getRows() - logLines - 1);
        List<String> table = TextTable.lines(v.columns(), v.rows());
        g.enableModifiers(SGR.REVERSE);
        g.putString(0, row++, fit(table.get(0), size.getColumns()));
        g.disableModifiers(SGR.REVERSE);
        for (int i = 1; i < table.size(); i++) {
            if (row >= logTop - 1) {
                g.putString(0, row, fit("... " + (table.size() - i) + " more", size.getColumns()));
                break;
            }
            g.putString(0, row++, fit(table.get(i), size.getColumns()));
        }
        g.enableModifiers(SGR.BOLD);
        g.putString(0, logTop, fit("-- log " + "-".repeat(Math.max(0, size.getColumns() - 7)), size.getColumns()));
        g.disableModifiers(SGR.BOLD);
        int at = logTop + 1;
        for (String line : logSnapshot()) {
            if (at >= size.getRows()) {
                break;
            }
            g.putString(0, at++, fit(line, size.getColumns()));
        }
        screen.refresh();
    }

    private synchronized List<String> logSnapshot() {
        return new ArrayList<>(log);
    }

    private static String fit(String s, int columns) {
        return s.length() <= columns ? s : s.substring(0, Math.max(0, columns));
    }
}
