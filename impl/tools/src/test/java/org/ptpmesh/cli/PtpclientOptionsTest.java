package org.ptpmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** ptpclient's own options refuse what cannot work, before any socket is opened. */
class PtpclientOptionsTest {

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Cli.commandLine(new PtpclientCommand()).setErr(new PrintWriter(err)).execute(args);
    }

    @Test
    void legacyCannotReportTheNatTypeIntroducersClassify() {
        assertThat(run("--nostun", "--legacy", "--introducers", "192.0.2.1:23456,192.0.2.2:23456", "--exit-after", "1ms"))
                .isEqualTo(Cli.EXIT_USAGE);
        assertThat(err.toString()).contains("--legacy registers in ptptest 2014's shape").contains("--introducers");
    }

    @Test
    void aSummaryPeriodMustBePositive() {
        assertThat(run("--nostun", "--summary-every", "0s", "--exit-after", "1ms")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(err.toString()).contains("--summary-every must be positive");
    }
}
