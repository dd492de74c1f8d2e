package org.ptpmesh.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Where {@code --http [ADDR:]PORT} serves: loopback unless an address is given. */
public record WebAddress(InetSocketAddress socket) {

    /**
     * @param spec {@code PORT}, {@code ADDR:PORT} or {@code [V6]:PORT}
     * @throws IllegalArgumentException with what is wrong
     */
    public static WebAddress parse(String spec) {
        String host;
        String port;
        if (spec.startsWith("[")) {
            int close = spec.indexOf("]:");
            if (close < 0) {
                throw new IllegalArgumentException("--http: an IPv6 address is written [ADDR]:PORT, got '" + spec + "'");
            }
            host = spec.substring(1, close);
            port = spec.substring(close + 2);
        } else if (spec.contains(":")) {
            int colon = spec.lastIndexOf(':');
            host = spec.substring(0, colon);
            port = spec.substring(colon + 1);
        } else {
            host = null;
            port = spec;
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--http: the port must be a number, got '" + spec + "'");
        }
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException("--http: the port must be 0-65535, got " + p);
        }
        if (host == null) {
            return new WebAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), p));
        }
        if (host.isEmpty() || !host.matches("[0-9A-Fa-f.:]+")) {
            // an IP literal only: a name would be looked up, and could resolve to anything
            throw new IllegalArgumentException("--http: the address must be an IP address, got '" + host + "'");
        }
        try {
            return new WebAddress(new InetSocketAddress(InetAddress.getByName(host), p));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--http: not an IP address: '" + host + "'");
        }
    }

    public boolean loopback() {
        return socket.getAddress().isLoopbackAddress();
    }
}
