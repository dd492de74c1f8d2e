package org.ptpmesh.ui;

import java.util.ArrayList;
import java.util.List;

/** Columns padded to their widest cell, two spaces apart: the console UI's table and `stats`. */
public final class TextTable {

    private TextTable() {
    }

    /** The header line, then one line per row. */
    public static List<String> lines(List<String> columns, List<List<String>> rows) {
        int[] widths = new int[columns.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = columns.get(c).length();
            for (List<String> r : rows) {
                widths[c] = Math.max(widths[c], r.get(c).length());
            }
        }
        List<String> out = new ArrayList<>(rows.size() + 1);
        out.add(line(columns, widths));
        for (List<String> r : rows) {
            out.add(line(r, widths));
        }
        return out;
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            sb.append(cell);
            if (i < cells.size() - 1) {
                sb.append(" ".repeat(widths[i] - cell.length() + 2));
            }
        }
        return sb.toString();
    }
}
