package org.ptpmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The README's option tables ("Run a server and clients") are what a new user reads first: every
 * option they name must exist, and every default they state must be the one the command uses.
 * A default cell in prose ("random", "none", "`--port` + 1") names no value, so only the option
 * is checked; a value (a number, or a word in backticks) must match, durations by their length.
 */
class ReadmeOptionTablesTest {

    private static final Path README = Path.of("..", "..", "README.md");
    private static final Pattern TICKED = Pattern.compile("`([^`]+)`");

    /** One option of a table row and the default the README states for it (null: prose, no value). */
    record Stated(String option, String value) {
    }

    @Test
    void theServerTableStatesPtpserversDefaults() throws IOException {
        List<Stated> rows = table("ptpserver option");
        assertThat(rows.stream().filter(r -> r.value() != null)).as("rows with a value to check").hasSizeGreaterThan(8);
        assertThat(mismatches(rows, Cli.commandLine(new PtpserverCommand()))).isEmpty();
    }

    @Test
    void theClientTableStatesPtpclientsDefaults() throws IOException {
        List<Stated> rows = table("ptpclient option");
        assertThat(rows.stream().filter(r -> r.value() != null)).as("rows with a value to check").hasSizeGreaterThan(4);
        assertThat(mismatches(rows, Cli.commandLine(new PtpclientCommand()))).isEmpty();
    }

    @Test
    void aDefaultTheCommandDoesNotUseIsCaught() {
        CommandLine server = Cli.commandLine(new PtpserverCommand());
        assertThat(mismatches(List.of(new Stated("--publish-every", "14s"), new Stated("--max-clients", "7"),
                new Stated("--no-such-option", null)), server)).hasSize(3);
        assertThat(mismatches(List.of(new Stated("--publish-every", "13000ms")), server)).isEmpty();
    }

    /** The rows of the table whose first header cell is {@code header}, one entry per option named in a row. */
    private static List<Stated> table(String header) throws IOException {
        List<Stated> stated = new ArrayList<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(README)) {
            if (line.startsWith("| " + header + " |")) {
                inTable = true;
            } else if (inTable && !line.startsWith("|")) {
                break;
            } else if (inTable && !line.startsWith("|---")) {
                String[] cells = line.split("\\|");
                List<String> options = ticked(cells[1]).stream().map(o -> o.split(" ")[0]).toList();
                List<String> values = values(cells[2]);
                assertThat(values.isEmpty() || values.size() == options.size()).as("one default per option in: %s", line).isTrue();
                for (int i = 0; i < options.size(); i++) {
                    stated.add(new Stated(options.get(i), values.isEmpty() ? null : values.get(i)));
                }
            }
        }
        assertThat(stated).as("the README table headed '%s'", header).isNotEmpty();
        return stated;
    }

    /** The values a default cell states: its backticked words, or a bare number; none when it refers to another option. */
    private static List<String> values(String cell) {
        List<String> ticked = ticked(cell);
        if (ticked.isEmpty()) {
            return cell.strip().matches("[0-9]+") ? List.of(cell.strip()) : List.of();
        }
        return ticked.stream().anyMatch(v -> v.startsWith("--")) ? List.of() : ticked;
    }

    private static List<String> ticked(String cell) {
        List<String> out = new ArrayList<>();
        Matcher m = TICKED.matcher(cell);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static List<String> mismatches(List<Stated> rows, CommandLine command) {
        List<String> wrong = new ArrayList<>();
        for (Stated row : rows) {
            OptionSpec option = command.getCommandSpec().findOption(row.option());
            if (option == null) {
                wrong.add(row.option() + ": no such option");
            } else if (row.value() != null && !sameValue(option, row.value())) {
                wrong.add(row.option() + ": README says " + row.value() + ", the command uses " + option.defaultValue());
            }
        }
        return wrong;
    }

    private static boolean sameValue(OptionSpec option, String stated) {
        String actual = option.defaultValue();
        if (actual == null) {
            return false;
        }
        boolean duration = option.converters().length > 0 && option.converters()[0] instanceof MillisConverter;
        if (duration) {
            MillisConverter millis = new MillisConverter();
            return millis.convert(actual).equals(millis.convert(stated));
        }
        return actual.equals(stated);
    }
}
