package org.ptpmesh.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.EncodeException;
import org.ptpmesh.wire.json.WireJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ptpmesh wire encode}: the JSON form in, hex datagrams out. */
@Command(name = "encode", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Encode datagrams from their JSON form into hex, one line each.",
            "Input is what 'ptpmesh wire decode' prints, one JSON object per line on stdin.",
            "Each TLV names its type by \"type\" (number) or \"name\"; integers take \"value\" "
                + "and an optional \"width\" (1, 2, 4, 8; default from the registry); addresses take "
                + "\"address\" and \"port\"; bytes and unknown types \"hex\"; text \"text\"; META \"json\"; "
                + "METAB \"bson\". The checksum is computed. Lines that fail are reported on stderr.",
            "A JSON value given with its \"text\", or a BSON document with its \"hex\", is sent as that "
                + "text or those bytes; if \"json\" (\"bson\") beside it is a different value, the line is "
                + "refused: edit one and remove the other.",
            "Input is UTF-8, at most " + InputDefaults.JSON_LINE_MAX_BYTES + " bytes a line; text holding half "
                + "a surrogate pair (\"\\ud800\") is refused, as UTF-8 cannot carry it.",
            ""},
        footer = {"", "Exit status: 0 all lines encoded, 1 some line refused, 2 usage error.",
            "Examples:",
            "  echo '{\"tlvs\":[{\"name\":\"YOURADDR\",\"address\":\"192.168.1.10\",\"port\":40000}]}' \\",
            "    | ptpmesh wire encode",
            "  ptpmesh wire decode < datagrams.hex | ptpmesh wire encode  # same hex back"})
public final class WireEncodeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BoundedLineReader in = new BoundedLineReader(System.in, InputDefaults.JSON_LINE_MAX_BYTES);
        boolean refused = false;
        BoundedLineReader.Line line;
        while ((line = in.next()) != null) {
            int lineNumber = line.number();
            String problem = line.problem();
            if (problem != null) {
                err.println("error: line " + lineNumber + ": " + problem);
                refused = true;
                continue;
            }
            String text = line.text();
            if (text.isBlank()) {
                continue;
            }
            try {
                JsonNode node = WireJson.read(text);
                out.println(HexFormat.of().formatHex(Codec.encode(WireJson.fromJson(node))));
            } catch (JsonProcessingException e) {
                err.println("error: line " + lineNumber + ": not JSON: " + e.getOriginalMessage());
                refused = true;
            } catch (IllegalArgumentException e) {
                err.println("error: line " + lineNumber + ": " + e.getMessage());
                refused = true;
            } catch (EncodeException e) {
                err.println("error: line " + lineNumber + ": " + e.code().wireName() + ": " + e.getMessage());
                refused = true;
            }
        }
        out.flush();
        err.flush();
        return refused ? Cli.EXIT_BAD_INPUT : Cli.EXIT_OK;
    }
}
