package org.ptpmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** A command list shows one line per subcommand: that line must be a whole sentence, not a cut one. */
class HelpTextTest {

    @ParameterizedTest
    @ValueSource(classes = {PtpmeshCommand.class, PtpserverCommand.class, PtpclientCommand.class})
    void everySubcommandSummaryIsAWholeSentence(Class<?> command) throws Exception {
        List<String> cut = new ArrayList<>();
        collect(Cli.commandLine(command.getDeclaredConstructor().newInstance()), cut);
        assertThat(cut).as("subcommands whose command-list line is cut mid-sentence").isEmpty();
    }

    private static void collect(CommandLine line, List<String> cut) {
        for (CommandLine sub : line.getSubcommands().values()) {
            if (sub.getCommandName().equals("help")) {
                continue;
            }
            String[] header = sub.getCommandSpec().usageMessage().header();
            String[] description = sub.getCommandSpec().usageMessage().description();
            String summary = header.length > 0 ? header[0] : description.length > 0 ? description[0] : "";
            if (!summary.strip().endsWith(".")) {
                cut.add(line.getCommandName() + " " + sub.getCommandName() + ": '" + summary + "'");
            }
            collect(sub, cut);
        }
    }
}
