package org.ptpmesh.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class PrintableTest {

    /** What a terminal must never get raw: C0 (ESC among them), DEL, C1 (CSI among them), bidi controls, separators, unpaired surrogates. */
    private static boolean dangerous(int c) {
        return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == 0x061c || c == 0x200e || c == 0x200f
                || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029
                || (c >= 0xd800 && c <= 0xdfff);
    }

    private static boolean hasDangerous(String s) {
        return s.codePoints().anyMatch(PrintableTest::dangerous);
    }

    /** Strings rich in what an attacker puts into names: escape sequences, C1, bidi overrides, backslashes. */
    @Provide
    Arbitrary<String> hostile() {
        char[] alphabet = ("aZ9. \u00e9\u6f22\u001b\u009b\u0085\u007f\u202e\u2066\u200f\u2028\\[\ud83d\ude00\u0000"
                + "\n\r\u00ad\u200b").toCharArray();
        return Arbitraries.oneOf(Arbitraries.strings().all(), Arbitraries.strings().withChars(alphabet),
                Arbitraries.strings().ofMaxLength(40).map(s -> s + "\u001b]0;owned\u0007\u202egpj.exe"));
    }

    @Property
    void theEscapedTextHasNoRawControlNorBidiCharacter(@ForAll("hostile") String text) {
        assertThat(hasDangerous(Printable.escape(text))).isFalse();
    }

    @Property
    void textWithNothingToEscapeIsLeftAsItIs(@ForAll("hostile") String text) {
        boolean clean = text.codePoints().noneMatch(c -> c == '\\' || Printable.mustEscape(c));
        assertThat(Printable.escape(text).equals(text)).isEqualTo(clean);
    }

    @Property
    void jsonWithTheEscapesHasNoRawControlNorBidiCharacterAndReadsBackTheSame(@ForAll("hostile") String text) throws Exception {
        ObjectMapper json = new ObjectMapper();
        json.getFactory().setCharacterEscapes(Printable.JSON_ESCAPES);
        Map<String, String> m = new LinkedHashMap<>();
        m.put("name", text);
        String written = json.writeValueAsString(m);
        assertThat(hasDangerous(written)).isFalse();
        assertThat(json.readTree(written).get("name").textValue()).isEqualTo(text);
    }

    @Test
    void anOverrideAndAnEscapeSequenceAreSpelledOut() {
        assertThat(Printable.escape("invoice\u202Efdp.exe")).isEqualTo("invoice\\u202Efdp.exe");
        assertThat(Printable.escape("\u001b[2J\u009b31m")).isEqualTo("\\u001B[2J\\u009B31m");
        assertThat(Printable.escape("a\\u001B")).isEqualTo("a\\\\u001B");
        assertThat(Printable.escape("r\u00e9sum\u00e9 \u6f22\u5b57 \ud83d\ude00")).isEqualTo("r\u00e9sum\u00e9 \u6f22\u5b57 \ud83d\ude00");
        assertThat(Printable.escape("tag\udb40\udc01")).isEqualTo("tag\\uDB40\\uDC01");
    }

    @Test
    void traceLinesEscapeWhatANameCarries() {
        String line = NdjsonTraceWriter.toLine(new TraceEvent("RefuseOffer", "receiver", 0,
                Map.of("name", "x\u009b2J\u202e"), Map.of()));
        assertThat(hasDangerous(line)).isFalse();
        assertThat(line).contains("x\\u009B2J\\u202E");
    }
}
