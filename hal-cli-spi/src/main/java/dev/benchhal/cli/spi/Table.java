package dev.benchhal.cli.spi;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain text table with columns as wide as their widest cell, as every {@code benchhal} listing prints. */
public final class Table {

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    /** @param header the column names */
    public Table(String... header) {
        this.columns = header.length;
        rows.add(header);
    }

    /**
     * Adds a row; missing and null cells are empty.
     *
     * @param cells the cells, printed with {@code toString()}
     */
    public void row(Object... cells) {
        String[] r = new String[columns];
        for (int i = 0; i < columns; i++) {
            r[i] = i < cells.length && cells[i] != null ? cells[i].toString() : "";
        }
        rows.add(r);
    }

    /**
     * Prints the header and the rows, trailing blanks trimmed, and flushes.
     *
     * @param out where to print
     */
    public void print(PrintWriter out) {
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                sb.append(r[i]);
                if (i < columns - 1) {
                    sb.append(" ".repeat(width[i] - r[i].length() + 2));
                }
            }
            out.println(sb.toString().stripTrailing());
        }
        out.flush();
    }
}
