package org.ptpmesh.conformance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ptpmesh.cli.Cli;
import org.ptpmesh.cli.PtpclientCommand;
import org.ptpmesh.cli.PtpmeshCommand;
import org.ptpmesh.cli.PtpserverCommand;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Every {@code --help} of every launcher and subcommand wraps at the usage width with no sentence
 * broken mid-line. picocli starts a new line for each element of a text array and wraps each
 * element on its own, so a sentence split over two elements ends one line early and goes on at
 * the start of the next. The rules, over every text of a command (header, description, footer,
 * each option's and parameter's description), split into elements and at picocli's {@code %n}:
 * <ol>
 *   <li>prose (an element that starts with a non-space character) that does not end with
 *       {@code . : ! ?} is its text's last element: a paragraph is one element, which picocli
 *       wraps at the usage width;</li>
 *   <li>preformatted text (an element that starts with a space: examples, lists) fits the usage
 *       width, so picocli never wraps it: each such element ends one line of the rendered help,
 *       and no rendered line is wider than the usage width.</li>
 * </ol>
 * The commands include ptpconform's, so the test lives in the lowest module that sees all four
 * launchers.
 */
class UsageTextLayoutTest {

    static Stream<Arguments> everyCommand() {
        List<CommandLine> all = new ArrayList<>();
        for (Object root : List.of(new PtpmeshCommand(), new PtpserverCommand(), new PtpclientCommand(),
                new PtpconformCommand())) {
            collect(Cli.commandLine(root), all);
        }
        return all.stream().map(c -> Arguments.of(c.getCommandSpec().qualifiedName(), c));
    }

    private static void collect(CommandLine line, List<CommandLine> all) {
        all.add(line);
        line.getSubcommands().values().forEach(sub -> collect(sub, all));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyCommand")
    void noSentenceIsBrokenAcrossLines(String name, CommandLine command) {
        assertThat(sentencesBrokenAcrossElements(command.getCommandSpec()))
                .as("%s: elements that end mid-sentence", name).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyCommand")
    void preformattedLinesFitTheUsageWidth(String name, CommandLine command) {
        assertThat(preformattedLinesWrapped(command))
                .as("%s: preformatted lines wider than the usage width (%d)", name, command.getUsageHelpWidth())
                .isEmpty();
    }

    /** The layout {@code ptpconform peer --help} had, one sentence over two elements, breaks the first rule. */
    @Test
    void aSentenceSplitOverTwoElementsIsCaught() {
        CommandSpec split = CommandSpec.create().usageMessage(new UsageMessageSpec().description(
                "It classifies its NAT against the two", "--introducers and prints {\"ready\":true}."));
        assertThat(sentencesBrokenAcrossElements(split)).containsExactly(
                "description: 'It classifies its NAT against the two' / '--introducers and prints {\"ready\":true}.'");
    }

    /** An example wider than the usage breaks the second rule. */
    @Test
    void anExampleWiderThanTheUsageIsCaught() {
        String example = "  ptpconform peer --id 000102030405060708090a0b0c0d0e0f --connect 101112131415161718191a1b1c1d1e1f";
        CommandLine wide = new CommandLine(CommandSpec.create().usageMessage(new UsageMessageSpec().footer(example)));
        assertThat(preformattedLinesWrapped(wide)).containsExactly("footer: '" + example + "'");
    }

    private static List<String> sentencesBrokenAcrossElements(CommandSpec spec) {
        List<String> broken = new ArrayList<>();
        for (Text text : texts(spec)) {
            String[] lines = text.lines();
            for (int i = 0; i < lines.length - 1; i++) {
                if (isProse(lines[i]) && !endsASentence(lines[i])) {
                    broken.add(text.where() + ": '" + lines[i] + "' / '" + lines[i + 1] + "'");
                }
            }
        }
        return broken;
    }

    private static List<String> preformattedLinesWrapped(CommandLine command) {
        List<String> rendered = command.getUsageMessage(Ansi.OFF).lines().map(String::stripTrailing).toList();
        List<String> wrapped = new ArrayList<>();
        for (Text text : texts(command.getCommandSpec())) {
            for (String line : text.lines()) {
                String whole = line.stripTrailing();
                if (!line.isBlank() && !isProse(line) && rendered.stream().noneMatch(r -> r.endsWith(whole))) {
                    wrapped.add(text.where() + ": '" + line + "'");
                }
            }
        }
        rendered.stream().filter(r -> r.length() > command.getUsageHelpWidth())
                .forEach(r -> wrapped.add("rendered: '" + r + "'"));
        return wrapped;
    }

    private static boolean isProse(String line) {
        return !line.isEmpty() && !Character.isWhitespace(line.charAt(0));
    }

    private static boolean endsASentence(String line) {
        String s = line.stripTrailing();
        return s.endsWith(".") || s.endsWith(":") || s.endsWith("!") || s.endsWith("?");
    }

    /** One text of a command's help: its lines as written (elements, split at %n) and where it is. */
    private record Text(String where, String[] lines) {
        static Text of(String where, String[] elements) {
            return new Text(where, String.join("%n", elements).split("%n", -1));
        }
    }

    private static List<Text> texts(CommandSpec spec) {
        UsageMessageSpec usage = spec.usageMessage();
        List<Text> texts = new ArrayList<>();
        texts.add(Text.of("header", usage.header()));
        texts.add(Text.of("description", usage.description()));
        texts.add(Text.of("footer", usage.footer()));
        for (ArgSpec arg : spec.args()) {
            String where = arg instanceof OptionSpec option ? option.longestName() : arg.paramLabel();
            texts.add(Text.of(where, arg.description()));
        }
        return texts;
    }
}
