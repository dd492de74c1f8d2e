package org.ptpmesh.lab;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A named network namespace ({@code ip netns}). Code runs inside it on a thread of its own that
 * first calls setns(2): Linux keeps the network namespace per thread, a socket stays in the
 * namespace it was created in, and a thread inherits its creator's namespace. So a UDP runtime
 * started from such a thread, with every socket its loop opens, lives in the namespace, while the
 * rest of the JVM stays where it was. No child JVM is needed.
 */
public record Netns(String name) {

    private static final int O_RDONLY = 0;
    private static final int CLONE_NEWNET = 0x40000000;

    private interface LibC extends Library {
        int open(String path, int flags);

        int close(int fd);

        int setns(int fd, int nstype);
    }

    private static final class Holder {
        static final LibC LIBC = Native.load("c", LibC.class);
    }

    /** Runs {@code task} on a new thread that has entered this namespace; threads it starts are in it too. */
    public <T> T call(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                enter();
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "ptpmesh-lab-" + name);
        t.setDaemon(true);
        t.start();
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while working in namespace " + name, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new LabException("in namespace " + name + ": " + cause.getMessage(), cause);
        }
    }

    /** Moves the calling thread into this namespace (for a thread that lives there for good). */
    void enter() {
        String path = "/var/run/netns/" + name;
        int fd = Holder.LIBC.open(path, O_RDONLY);
        if (fd < 0) {
            throw new LabException("cannot open " + path + " (errno " + Native.getLastError() + "): does the namespace exist?");
        }
        try {
            if (Holder.LIBC.setns(fd, CLONE_NEWNET) != 0) {
                throw new LabException("setns into " + name + " failed (errno " + Native.getLastError()
                        + "); entering a network namespace needs root (CAP_SYS_ADMIN)");
            }
        } finally {
            Holder.LIBC.close(fd);
        }
    }

    /** Runs a tool inside the namespace ({@code ip netns exec}); returns its output. */
    public String exec(String stdin, String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(command));
        return Commands.run(full, stdin);
    }

    /** Runs {@code ip -n NAME ...}. */
    public void ip(String... args) {
        List<String> full = new ArrayList<>(List.of("ip", "-n", name));
        full.addAll(List.of(args));
        Commands.run(full, "");
    }

    public void sysctl(String key, String value) {
        exec("", "sysctl", "-qw", key + "=" + value);
    }

    /** Loads an nftables ruleset (the text of an {@code nft -f} file). */
    public void nft(String ruleset) {
        exec(ruleset, "nft", "-f", "-");
    }
}
