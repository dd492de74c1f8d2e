package org.ptpmesh.ui;

import java.util.List;

/**
 * One frame of the console UI: status lines at the top, then a table (the peers or the
 * clients). Built by the command from its node's snapshot; the UI only lays it out.
 */
public record StatusView(List<String> status, List<String> columns, List<List<String>> rows) {

    public StatusView {
        status = List.copyOf(status);
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
        for (List<String> r : rows) {
            if (r.size() != columns.size()) {
                throw new IllegalArgumentException("row of " + r.size() + " cells under " + columns.size() + " columns");
            }
        }
    }
}
