package org.ptpmesh.cli;

import org.ptpmesh.transfer.TransferDefaults;

/** Help text the transfer commands share: the rules for names and received files, with their limits. */
final class TransferHelp {

    static final String SAFE_NAMES = "Names: 1-" + TransferDefaults.MAX_NAME_BYTES + " bytes of UTF-8 in Unicode "
            + "NFC, no leading dot, no / \\ : nor a character drawn as one (U+2215, U+FF0F, ...), no "
            + "control character (C0, DEL, C1), no invisible formatting or bidirectional character "
            + "(U+202E, ...), no line separator. Other names are refused (CANCEL UNSAFE_NAME); "
            + "names are printed with such characters escaped as \\uXXXX.";

    static final String RECEIVED_FILES = "Files in DIR: .NAME.part and .NAME.journal are created new and "
            + "never opened through a link (a link, directory or file with a second name there "
            + "refuses the offer); a link at NAME is never replaced, a file only with --force, and "
            + "one that appears during the transfer is kept (the verified object waits in "
            + ".NAME.part: run again with --force). An offer is refused unless DIR keeps "
            + (TransferDefaults.FREE_SPACE_MARGIN_BYTES >> 20) + " MiB free beyond what it and the "
            + "receptions under way still write.";

    private TransferHelp() {
    }
}
