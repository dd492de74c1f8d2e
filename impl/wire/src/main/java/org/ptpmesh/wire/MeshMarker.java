package org.ptpmesh.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * How a ptpmesh client registering in ptptest 2014's shape says it speaks ptpmesh
 * (docs/protocol.md 6.1): its META is a JSON object whose member {@code "ptpmesh"} holds the
 * marker version. ptptest 2014 servers only log META, so the marker costs them nothing, while
 * any TLV type they do not know would stop their receive loop.
 */
public final class MeshMarker {

    /** The member name inside the META object. */
    public static final String KEY = "ptpmesh";
    /** The marker version a client sends; a server takes any version from 1 on. */
    public static final int VERSION = 1;
    /** A META value that carries the marker and nothing else. */
    public static final String ALONE = "{\"" + KEY + "\":" + VERSION + "}";

    private static final JsonFactory JSON = new JsonFactory();

    private MeshMarker() {
    }

    /**
     * The META value of a registration in ptptest 2014's shape: {@code report} (a JSON object's
     * text, or null for none) with the marker as its first member, or the marker alone when both
     * do not fit one META value (a long IPv6 address and large counters). Every such registration
     * carries the marker, since a server decides from any one of them how to answer.
     */
    public static String mark(String report) {
        if (report == null) {
            return ALONE;
        }
        String body = report.strip();
        if (!body.startsWith("{")) {
            throw new IllegalArgumentException("only a JSON object can carry the marker: " + report);
        }
        String rest = body.substring(1).strip();
        String marked = rest.startsWith("}") ? ALONE : "{\"" + KEY + "\":" + VERSION + "," + rest;
        return marked.length() <= TlvTypes.MAX_VALUE_LENGTH ? marked : ALONE;
    }

    /**
     * Whether {@code json}, a META value, is the marker and nothing else ({@link #ALONE}, in any
     * spacing or version): it says which software registered and holds no data of its own, so
     * analytics need not keep it as the client's META.
     */
    public static boolean isAlone(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            return p.nextToken() == JsonToken.START_OBJECT && p.nextToken() == JsonToken.FIELD_NAME
                    && KEY.equals(p.currentName()) && p.nextToken() == JsonToken.VALUE_NUMBER_INT
                    && p.getLongValue() >= 1 && p.nextToken() == JsonToken.END_OBJECT && p.nextToken() == null;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether {@code buf[off, off+len)}, a META value, is a JSON object with a top-level
     * {@code "ptpmesh"} member holding an integer of at least 1. Anything else (other JSON, a
     * nested member of that name, text that is not JSON) is no marker, never an error.
     */
    public static boolean isMarked(byte[] buf, int off, int len) {
        try (JsonParser p = JSON.createParser(new String(buf, off, len, StandardCharsets.UTF_8))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (KEY.equals(name)) {
                    return value == JsonToken.VALUE_NUMBER_INT && p.getLongValue() >= 1;
                }
                p.skipChildren();
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
