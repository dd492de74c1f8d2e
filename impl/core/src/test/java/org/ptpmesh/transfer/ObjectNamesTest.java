package org.ptpmesh.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ptpmesh.trace.Printable;

class ObjectNamesTest {

    @Test
    void plainNamesInAnyScriptAreSafe() {
        for (String name : new String[] {"report.bin", "big file (2).iso", "r\u00e9sum\u00e9.pdf", "\u6f22\u5b57.txt",
            "\u0645\u0644\u0641.txt", "\ud83d\ude00.png", "a".repeat(TransferDefaults.MAX_NAME_BYTES), "-dash", "x..y"}) {
            assertThat(ObjectNames.problem(name)).as(name).isNull();
        }
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "''                     | is empty",
        ".                      | starts with a dot",
        "..                     | starts with a dot",
        ".hidden                | starts with a dot",
        "../up                  | starts with a dot",
        "a/b                    | has U+002F, a path separator",
        "c:\\x                  | has U+003A, a path separator",
        "a\\b                   | has U+005C, a path separator",
        "a\u2215b               | has U+2215, drawn as a path separator",
        "a\u2044b               | has U+2044, drawn as a path separator",
        "a\uff0fb               | has U+FF0F, drawn as a path separator",
        "a\u29f8b               | has U+29F8, drawn as a path separator",
        "a\uff3cb               | has U+FF3C, drawn as a path separator",
        "tab\tname              | has U+0009, a control character",
        "esc\u001b[2J           | has U+001B, a control character",
        "del\u007f              | has U+007F, a control character",
        "csi\u009b31m           | has U+009B, a control character",
        "nel\u0085              | has U+0085, a control character",
        "invoice\u202efdp.exe   | has U+202E, an invisible formatting character",
        "\u202aembedded         | has U+202A, an invisible formatting character",
        "iso\u2066late\u2069    | has U+2066, an invisible formatting character",
        "mark\u200f             | has U+200F, an invisible formatting character",
        "mark\u200e             | has U+200E, an invisible formatting character",
        "zero\u200bwidth        | has U+200B, an invisible formatting character",
        "bom\ufeff              | has U+FEFF, an invisible formatting character",
        "line\u2028break        | has U+2028, not printable",
        "lone\ud800             | has U+D800, not printable",
        "tag\udb40\udc01        | has U+E0001, an invisible formatting character",
    })
    void eachClassOfUnsafeNameIsRefusedSayingWhy(String name, String why) {
        assertThat(ObjectNames.problem(name)).isEqualTo(why);
    }

    @Test
    void aNameNotInNfcIsRefused() {
        String decomposed = Normalizer.normalize("r\u00e9sum\u00e9.pdf", Normalizer.Form.NFD);
        assertThat(ObjectNames.problem(decomposed)).isEqualTo("is not in Unicode NFC");
    }

    @Test
    void aNameIsBoundedInBytesNotCharacters() {
        String twoHundredCharacters = "\u00e9".repeat(200);
        assertThat(ObjectNames.problem(twoHundredCharacters)).isEqualTo("is 400 bytes long, over 200");
        assertThat(ObjectNames.problem("a".repeat(201))).isEqualTo("is 201 bytes long, over 200");
    }

    @Property
    void aSafeNameNeedsNoEscapeAndItsReasonOtherwiseIsPrintableAscii(@ForAll String name) {
        String problem = ObjectNames.problem(name);
        if (problem == null) {
            assertThat(Printable.escape(name)).isEqualTo(name);
            assertThat(name).doesNotContain("/", "\\", ":").doesNotStartWith(".");
        } else {
            assertThat(problem).matches("[ -~]+");
        }
    }
}
