package org.ptpmesh.conformance.dissector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.TlvType;
import org.ptpmesh.wire.TlvTypes;

/** The dissector's TLV registry and MSGKIND table say exactly what the Java registry says. */
class DissectorRegistryTest {

    private static final Pattern TYPE_ROW = Pattern.compile(
            "^\\s+\\[(\\d+)] = \\{name = \"(\\w+)\", kind = \"(\\w+)\"(?:, min = (\\d+), max = (\\d+))?},$");
    private static final Pattern KIND_ROW = Pattern.compile("^\\s+\\[(\\d+)] = \"(\\w+)\",$");

    @Test
    void tlvTypesMatchTheJavaRegistry() throws Exception {
        List<String> lua = new ArrayList<>();
        for (String line : Files.readAllLines(LuaDissector.script())) {
            Matcher m = TYPE_ROW.matcher(line);
            if (m.matches()) {
                lua.add(m.group(1) + " " + m.group(2) + " " + m.group(3) + (m.group(4) == null ? "" : " " + m.group(4) + "-" + m.group(5)));
            }
        }
        List<String> java = new ArrayList<>();
        for (TlvType t : TlvTypes.all()) {
            String k = t.kind().jsonName();
            boolean ranged = !(k.equals("uint") || k.equals("int") || k.equals("address"));
            java.add(t.code() + " " + t.name() + " " + k + (ranged ? " " + t.lengths().min() + "-" + t.lengths().max() : ""));
        }
        assertThat(lua).containsExactlyElementsOf(java);
    }

    private static final Pattern RULE_ROW = Pattern.compile(
            "^\\s+([A-Z_]+) = \\{required = \\{([0-9, ]*)}, optional = \\{([0-9, ]*)}, repeatable = \\{([0-9, ]*)}},$");

    /** What each kind requires, allows and repeats: the dissector's violations are the Java checker's. */
    @Test
    void messageRulesMatchTheJavaEnum() throws Exception {
        List<String> lua = new ArrayList<>();
        for (String line : Files.readAllLines(LuaDissector.script())) {
            Matcher m = RULE_ROW.matcher(line);
            if (m.matches()) {
                lua.add(m.group(1) + " " + m.group(2) + " / " + m.group(3) + " / " + m.group(4));
            }
        }
        List<String> java = new ArrayList<>();
        for (MessageKind k : MessageKind.values()) {
            java.add(k.name() + " " + sorted(k.required()) + " / " + sorted(k.optional()) + " / " + sorted(k.repeatable()));
        }
        assertThat(lua).containsExactlyElementsOf(java);
    }

    private static String sorted(java.util.Set<Integer> types) {
        return String.join(", ", new java.util.TreeSet<>(types).stream().map(String::valueOf).toList());
    }

    @Test
    void messageKindsMatchTheJavaEnum() throws Exception {
        List<String> lua = new ArrayList<>();
        for (String line : Files.readAllLines(LuaDissector.script())) {
            Matcher m = KIND_ROW.matcher(line);
            if (m.matches()) {
                lua.add(m.group(1) + " " + m.group(2));
            }
        }
        List<String> java = new ArrayList<>();
        for (MessageKind k : MessageKind.values()) {
            java.add(k.code() + " " + k.name());
        }
        assertThat(lua).containsExactlyElementsOf(java);
    }
}
