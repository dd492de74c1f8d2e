package org.ptpmesh.conformance.mbt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a value as TLC prints it in a state: integers ({@link Long}), strings and model values
 * ({@link String}), {@code TRUE}/{@code FALSE} ({@link Boolean}), functions
 * {@code (a :> 1 @@ b :> 2)} and records {@code [x |-> 1]} (ordered {@link Map}s), sets
 * ({@link Set}), integer intervals {@code 1..3} (sets of at most {@link #MAX_INTERVAL} integers)
 * and sequences {@code <<1, 2>>} ({@link List}).
 */
public final class TlaValueParser {

    /** Integers an interval may hold: TLC prints a set {@code a..b} so, and a file could say any bounds. */
    public static final int MAX_INTERVAL = 1 << 16;

    private final String text;
    private int pos;

    private TlaValueParser(String text) {
        this.text = text;
    }

    public static Object parse(String text) {
        TlaValueParser p = new TlaValueParser(text);
        Object v = p.value();
        p.skipSpace();
        if (p.pos != text.length()) {
            throw p.error("unexpected text after the value");
        }
        return v;
    }

    private Object value() {
        skipSpace();
        if (pos >= text.length()) {
            throw error("a value is missing");
        }
        char c = text.charAt(pos);
        if (text.startsWith("<<", pos)) {
            pos += 2;
            return new ArrayList<>(elements(">>"));
        }
        switch (c) {
            case '"' -> {
                return string();
            }
            case '{' -> {
                pos++;
                return new LinkedHashSet<>(elements("}"));
            }
            case '[' -> {
                pos++;
                return record();
            }
            case '(' -> {
                pos++;
                return function();
            }
            default -> {
                return intervalOrAtom();
            }
        }
    }

    /** An atom, or the set {@code a..b} when an integer is followed by {@code ..}. */
    private Object intervalOrAtom() {
        Object low = atom();
        skipSpace();
        if (!(low instanceof Long from) || !text.startsWith("..", pos)) {
            return low;
        }
        pos += 2;
        skipSpace();
        if (!(atom() instanceof Long to)) {
            throw error("an interval's upper bound is not an integer");
        }
        // overflow-checked: the bounds may be any two longs
        if (to >= from && (to - from < 0 || to - from >= MAX_INTERVAL)) {
            throw error("an interval of more than " + MAX_INTERVAL + " integers");
        }
        Set<Object> range = new LinkedHashSet<>();
        for (long k = from; k <= to; k++) {
            range.add(k);
        }
        return range;
    }

    private List<Object> elements(String close) {
        List<Object> items = new ArrayList<>();
        skipSpace();
        if (text.startsWith(close, pos)) {
            pos += close.length();
            return items;
        }
        while (true) {
            items.add(value());
            skipSpace();
            if (text.startsWith(close, pos)) {
                pos += close.length();
                return items;
            }
            expect(",");
        }
    }

    private Map<Object, Object> record() {
        Map<Object, Object> fields = new LinkedHashMap<>();
        while (true) {
            skipSpace();
            String name = identifier();
            expect("|->");
            fields.put(name, value());
            skipSpace();
            if (text.startsWith("]", pos)) {
                pos++;
                return fields;
            }
            expect(",");
        }
    }

    private Map<Object, Object> function() {
        Map<Object, Object> f = new LinkedHashMap<>();
        while (true) {
            Object key = value();
            expect(":>");
            f.put(key, value());
            skipSpace();
            if (text.startsWith(")", pos)) {
                pos++;
                return f;
            }
            expect("@@");
        }
    }

    private String string() {
        StringBuilder s = new StringBuilder();
        pos++;
        while (pos < text.length() && text.charAt(pos) != '"') {
            char c = text.charAt(pos++);
            if (c == '\\' && pos < text.length()) {
                c = text.charAt(pos++);
            }
            s.append(c);
        }
        if (pos >= text.length()) {
            throw error("a string is not closed");
        }
        pos++;
        return s.toString();
    }

    private Object atom() {
        int start = pos;
        if (text.charAt(pos) == '-') {
            pos++;
        }
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        String word = text.substring(start, pos);
        if (word.isEmpty() || word.equals("-")) {
            throw error("not a value");
        }
        if (word.equals("TRUE") || word.equals("FALSE")) {
            return Boolean.valueOf(word.equals("TRUE"));
        }
        if (word.matches("-?\\d+")) {
            return Long.valueOf(word);
        }
        return word;
    }

    private String identifier() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw error("a field name is missing");
        }
        return text.substring(start, pos);
    }

    private void expect(String token) {
        skipSpace();
        if (!text.startsWith(token, pos)) {
            throw error("'" + token + "' expected");
        }
        pos += token.length();
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at " + pos + " in TLC value: "
                + text.substring(Math.max(0, pos - 20), Math.min(text.length(), pos + 20)));
    }
}
