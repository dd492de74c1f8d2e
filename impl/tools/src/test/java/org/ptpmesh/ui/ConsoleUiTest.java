package org.ptpmesh.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ptpmesh.trace.TraceEvent;

/** The console UI drawn on Lanterna's virtual terminal and read back character by character. */
class ConsoleUiTest {

    private static String row(DefaultVirtualTerminal t, int row) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < t.getTerminalSize().getColumns(); c++) {
            sb.append(t.getCharacter(c, row).getCharacterString());
        }
        return sb.toString().stripTrailing();
    }

    private static List<String> screen(DefaultVirtualTerminal t) {
        return java.util.stream.IntStream.range(0, t.getTerminalSize().getRows()).mapToObj(r -> row(t, r)).toList();
    }

    @Test
    void drawsStatusPeersTableAndTheLastLogLines() throws Exception {
        DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(100, 20));
        ConsoleUi ui = new ConsoleUi(terminal, "ptpclient -> 127.0.0.1:23456", 3, false, () -> 0L);
        for (int i = 1; i <= 5; i++) {
            ui.log(LogSink.Level.INFO, "line " + i);
        }
        ui.log(LogSink.Level.DEBUG, "hidden without --debug");
        ui.trace(new TraceEvent("Purge", "server", 0, Map.of("client", "ab"), Map.of()));
        StatusView view = new StatusView(List.of("server 127.0.0.1:23456   registered as 127.0.0.1:40000"),
                List.of("peer", "NAT", "state", "RTT", "loss"),
                List.of(List.of("127.0.0.1:40001", "easy", "up", "1/1.2/0/3", "0.0%"),
                        List.of("127.0.0.1:40002", "hard", "down", "-", "100.0%")));
        TerminalScreen screen = new TerminalScreen(terminal);
        screen.startScreen();
        ui.draw(screen, view);
        List<String> rows = screen(terminal);

        assertThat(rows.get(0)).startsWith("ptpclient -> 127.0.0.1:23456");
        assertThat(rows.get(1)).contains("registered as 127.0.0.1:40000");
        assertThat(rows).anySatisfy(r -> assertThat(r).matches("peer +NAT +state +RTT +loss"));
        assertThat(rows).anySatisfy(r -> assertThat(r).matches("127\\.0\\.0\\.1:40001 +easy +up +1/1\\.2/0/3 +0\\.0%"));
        assertThat(rows).anySatisfy(r -> assertThat(r).contains("127.0.0.1:40002").contains("down").contains("100.0%"));
        // the log window holds the last three lines, the purge among them, nothing hidden
        List<String> log = rows.subList(rows.indexOf(rows.stream().filter(r -> r.startsWith("-- log")).findFirst().orElseThrow()) + 1, rows.size())
                .stream().filter(r -> !r.isBlank()).toList();
        assertThat(log).hasSize(3);
        assertThat(log.get(0)).endsWith("line 4");
        assertThat(log.get(1)).endsWith("line 5");
        assertThat(log.get(2)).contains("server Purge client=ab");
        assertThat(rows).noneMatch(r -> r.contains("hidden"));
        screen.stopScreen();
    }

    @Test
    void aTableLongerThanTheScreenSaysHowManyMore() throws Exception {
        DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(60, 12));
        ConsoleUi ui = new ConsoleUi(terminal, "ptpserver", 2, false, () -> 0L);
        List<List<String>> many = java.util.stream.IntStream.range(0, 50).mapToObj(i -> List.of("client" + i)).toList();
        TerminalScreen screen = new TerminalScreen(terminal);
        screen.startScreen();
        ui.draw(screen, new StatusView(List.of(), List.of("client"), many));
        assertThat(screen(terminal)).anySatisfy(r -> assertThat(r).matches("\\.\\.\\. \\d+ more"));
        screen.stopScreen();
    }

    @Test
    void runsUntilQIsPressedDrawingTheLatestView() throws Exception {
        DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(60, 12));
        ConsoleUi ui = new ConsoleUi(terminal, "ptpserver 127.0.0.1:23456", 2, false, () -> 0L);
        java.util.concurrent.atomic.AtomicInteger frames = new java.util.concurrent.atomic.AtomicInteger();
        Thread loop = new Thread(() -> {
            try {
                ui.run(() -> new StatusView(List.of("frame " + frames.incrementAndGet()), List.of("client"), List.of()),
                        () -> false);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        loop.start();
        long deadline = System.currentTimeMillis() + 5_000;
        while (frames.get() < 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(loop.isAlive()).as("it keeps drawing until told to stop").isTrue();
        terminal.addInput(new com.googlecode.lanterna.input.KeyStroke('q', false, false));
        loop.join(5_000);
        assertThat(loop.isAlive()).as("q quits").isFalse();
        assertThat(frames.get()).isGreaterThanOrEqualTo(2);
    }
}
