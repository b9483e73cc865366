package dev.quiver.cli.view;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with left-aligned columns, as {@code kubectl get} prints them. */
public final class Table {

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    /** A table with the given column headers. */
    public Table(String... headers) {
        this.columns = headers.length;
        rows.add(headers);
    }

    /** Adds a row; a null or empty cell is shown as {@code -}. */
    public Table row(Object... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("expected " + columns + " cells, got " + cells.length);
        }
        String[] row = new String[columns];
        for (int i = 0; i < columns; i++) {
            row[i] = cells[i] == null || cells[i].toString().isEmpty() ? "-" : cells[i].toString();
        }
        rows.add(row);
        return this;
    }

    /** The rows, each prefixed by {@code indent}, without trailing blanks, each ending in a newline. */
    public String render(String indent) {
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < columns; i++) {
                line.append(row[i]);
                if (i < columns - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length() + 3));
                }
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }
}
