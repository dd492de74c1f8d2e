package org.ptpmesh.conformance.mbt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TlaValueParserTest {

    @Test
    void readsTheValuesTlcPrints() {
        assertThat(TlaValueParser.parse("-12")).isEqualTo(-12L);
        assertThat(TlaValueParser.parse("TRUE")).isEqualTo(true);
        assertThat(TlaValueParser.parse("\"say \\\"hi\\\"\"")).isEqualTo("say \"hi\"");
        assertThat(TlaValueParser.parse("p1")).isEqualTo("p1");
        assertThat(TlaValueParser.parse("(iA :> 0 @@ p1 :> 3)")).isEqualTo(Map.of("iA", 0L, "p1", 3L));
        assertThat(TlaValueParser.parse("<<>>")).isEqualTo(List.of());
        assertThat(TlaValueParser.parse("<<1, \"a\">>")).isEqualTo(List.of(1L, "a"));
        assertThat(TlaValueParser.parse("{}")).isEqualTo(Set.of());
        assertThat(TlaValueParser.parse("[got |-> 1..3, none |-> 2..1]"))
                .isEqualTo(Map.of("got", Set.of(1L, 2L, 3L), "none", Set.of()));
        assertThat(TlaValueParser.parse("[ A |->\n      { [ pub |-> 1,\n          rem |-> [port |-> 1, host |-> \"I1\"] ] },\n  B |-> {} ]"))
                .isEqualTo(Map.of("A", Set.of(Map.of("pub", 1L, "rem", Map.of("port", 1L, "host", "I1"))), "B", Set.of()));
    }

    @Test
    void saysWhereAValueIsBroken() {
        assertThatThrownBy(() -> TlaValueParser.parse("(a :> 1 @@ b 2)")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("':>' expected");
        assertThatThrownBy(() -> TlaValueParser.parse("\"open")).hasMessageContaining("not closed");
        assertThatThrownBy(() -> TlaValueParser.parse("1 2")).hasMessageContaining("after the value");
        assertThatThrownBy(() -> TlaValueParser.parse("[ |-> 1]")).hasMessageContaining("field name");
        assertThatThrownBy(() -> TlaValueParser.parse("1..a")).hasMessageContaining("upper bound");
        assertThatThrownBy(() -> TlaValueParser.parse("0..9223372036854775807")).hasMessageContaining("more than");
        assertThatThrownBy(() -> TlaValueParser.parse("-9000000000000000000..9000000000000000000"))
                .hasMessageContaining("more than");
    }
}
