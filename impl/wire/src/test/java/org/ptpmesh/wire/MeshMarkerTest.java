package org.ptpmesh.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MeshMarkerTest {

    private static final String REPORT = "{\"peer\":\"127.0.0.1:40001\",\"tx\":12,\"rtt\":[1,1.5,1,2],\"jit\":0.4}";

    @Test
    void aReportGetsTheMarkerInFrontAndKeepsEveryMember() throws IOException {
        String marked = MeshMarker.mark(REPORT);
        assertThat(marked).startsWith("{\"ptpmesh\":1,\"peer\":");
        assertThat(members(marked)).containsEntry("ptpmesh", "1").containsEntry("peer", "127.0.0.1:40001")
                .containsEntry("tx", "12").containsEntry("jit", "0.4");
        assertThat(isMarked(marked)).isTrue();
    }

    @Test
    void noReportOrAnEmptyOneIsTheMarkerAlone() {
        assertThat(MeshMarker.mark(null)).isEqualTo("{\"ptpmesh\":1}").isEqualTo(MeshMarker.ALONE);
        assertThat(MeshMarker.mark(" { } ")).isEqualTo(MeshMarker.ALONE);
        assertThat(isMarked(MeshMarker.ALONE)).isTrue();
    }

    @Test
    void aReportTooLongToShareOneMetaValueGivesWayToTheMarker() {
        String longest = "{\"peer\":\"" + "x".repeat(TlvTypes.MAX_VALUE_LENGTH - 12 - 11) + "\"}";
        assertThat(longest.length() + 12).isEqualTo(TlvTypes.MAX_VALUE_LENGTH);
        assertThat(MeshMarker.mark(longest)).hasSize(TlvTypes.MAX_VALUE_LENGTH);
        String tooLong = "{\"peer\":\"" + "x".repeat(TlvTypes.MAX_VALUE_LENGTH - 12 - 10) + "\"}";
        assertThat(MeshMarker.mark(tooLong)).isEqualTo(MeshMarker.ALONE);
    }

    @Test
    void onlyAnObjectCarriesIt() {
        assertThatThrownBy(() -> MeshMarker.mark("[1,2]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only a JSON object");
    }

    /** What ptptest 2014 clients and anything else put in META is no marker, and never an error. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"127.0.0.1-24771\": {\"stats\": {\"ackd\": 0, \"rtt\": 0}, \"sin\": [\"127.0.0.1\", 24771], \"name\": \"127.0.0.1\"}}",
        "{\"inner\":{\"ptpmesh\":1}}", "{\"ptpmesh\":0}", "{\"ptpmesh\":\"1\"}", "{\"ptpmesh\":1.0}", "{\"ptpmesh\":-3}",
        "{\"ptpmesh\":99999999999999999999999}", "[\"ptpmesh\",1]", "\"ptpmesh\"", "1", "{", "{\"ptpmesh\":", "not json", ""})
    void otherMetaIsNoMarker(String meta) {
        assertThat(isMarked(meta)).isFalse();
    }

    @Test
    void aLaterVersionAndAMemberAfterOthersStillMark() {
        assertThat(isMarked("{\"a\":[1,{\"b\":2}],\"ptpmesh\":2}")).isTrue();
    }

    /** Whatever the report, the result is one JSON object of at most 253 bytes that marks, its members kept when it fits. */
    @Property(tries = 300)
    void markingKeepsTheReportAndFits(@ForAll @Size(max = 12) Map<@AlphaChars @StringLength(min = 1, max = 12) String,
            @AlphaChars @StringLength(max = 40) String> fields) throws IOException {
        fields.remove(MeshMarker.KEY);
        StringBuilder report = new StringBuilder("{");
        fields.forEach((k, v) -> report.append(report.length() > 1 ? "," : "").append('"').append(k).append("\":\"").append(v).append('"'));
        String marked = MeshMarker.mark(report.append('}').toString());
        assertThat(marked.length()).isLessThanOrEqualTo(TlvTypes.MAX_VALUE_LENGTH);
        assertThat(isMarked(marked)).isTrue();
        Map<String, String> members = members(marked);
        if (!marked.equals(MeshMarker.ALONE)) {
            fields.forEach((k, v) -> assertThat(members).containsEntry(k, v));
        }
        assertThat(marked.equals(MeshMarker.ALONE)).isEqualTo(fields.isEmpty() || report.length() + 12 > TlvTypes.MAX_VALUE_LENGTH);
    }

    @Test
    void theMarkerAloneIsToldFromAMarkedReportAndFromOtherJson() {
        assertThat(MeshMarker.isAlone(MeshMarker.ALONE)).isTrue();
        assertThat(MeshMarker.isAlone(" { \"ptpmesh\" : 2 } ")).isTrue();
        assertThat(MeshMarker.isAlone(MeshMarker.mark("{\"peer\":\"10.0.0.1:4000\"}"))).isFalse();
        assertThat(MeshMarker.isAlone("{\"ptpmesh\":0}")).isFalse();
        assertThat(MeshMarker.isAlone("{\"ptpmesh\":\"1\"}")).isFalse();
        assertThat(MeshMarker.isAlone("{\"other\":1}")).isFalse();
        assertThat(MeshMarker.isAlone("{\"ptpmesh\":1} trailing")).isFalse();
        assertThat(MeshMarker.isAlone("not json")).isFalse();
    }

    private static boolean isMarked(String meta) {
        byte[] padded = ("xx" + meta + "yy").getBytes(StandardCharsets.UTF_8);
        return MeshMarker.isMarked(padded, 2, padded.length - 4);
    }

    /** The top-level members of a JSON object, values as text (nested values skipped). */
    private static Map<String, String> members(String json) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                out.put(name, value.isStructStart() ? "" : p.getText());
                p.skipChildren();
            }
            assertThat(p.nextToken()).isNull();
        }
        return out;
    }
}
