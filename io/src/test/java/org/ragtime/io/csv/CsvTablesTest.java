package org.ragtime.io.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ragtime.engine.table.ColumnType;
import org.ragtime.engine.table.DoubleColumn;
import org.ragtime.engine.table.LongColumn;
import org.ragtime.engine.table.Table;

class CsvTablesTest {
    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    private static String csv(Table t) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        CsvTables.write(t, b);
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void typesAreInferredAsPandasDoes() throws IOException {
        Table t = CsvTables.read(file("t.csv", "id,x,n,s,b,e\n1,1.5,7,VISp,True,\n2,2,,\"a,b\",False,\n3,1e-05,9,NA,True,nan\n"));
        assertEquals(3, t.rowCount());
        assertEquals(ColumnType.LONG, t.column("id").type());
        assertEquals(ColumnType.DOUBLE, t.column("x").type()); // 1.5 then 2: float
        assertEquals(2.0, ((DoubleColumn) t.column("x")).get(1));
        assertEquals(1e-5, ((DoubleColumn) t.column("x")).get(2));
        assertEquals(ColumnType.LONG, t.column("n").type()); // integers with a gap stay integral (nullable)
        assertTrue(t.column("n").isNull(1));
        assertEquals(9, ((LongColumn) t.column("n")).get(2));
        assertEquals("a,b", t.strings("s").get(1));
        assertNull(t.strings("s").get(2)); // "NA" is missing, as in pandas
        assertEquals("True", t.strings("b").get(0));
        assertTrue(t.column("e").isNull(0) && t.column("e").isNull(2));
        assertEquals(3, t.line(1));
    }

    @Test
    void textAfterNumbersIsReadAgainAsText() throws IOException {
        Table t = CsvTables.read(file("t.csv", "a,b\n007,1\n2.50,2\nx,3\n"));
        assertEquals(ColumnType.STRING, t.column("a").type());
        assertEquals(List.of("007", "2.50", "x"), List.of(t.strings("a").get(0), t.strings("a").get(1), t.strings("a").get(2)));
        assertEquals(ColumnType.LONG, t.column("b").type());
    }

    @Test
    void quotingLineEndsBomAndBlankLines() throws IOException {
        Table t = CsvTables.read(file("t.csv", "\uFEFFname,v\r\n\"say \"\"hi\"\"\",1\r\n\r\n\"two\nlines\",2\r\nlast,3"));
        assertEquals(List.of("name", "v"), t.columnNames());
        assertEquals("say \"hi\"", t.strings("name").get(0));
        assertEquals("two\nlines", t.strings("name").get(1));
        assertEquals("last", t.strings("name").get(2));
        assertEquals(4, t.line(1));
        assertEquals(6, t.line(2)); // the quoted line break counts
        assertEquals("name,v\n\"say \"\"hi\"\"\",1\n\"two\nlines\",2\nlast,3\n", csv(t));
    }

    @Test
    void writingKeepsTheSpellingOfFloatsAndFormatsComputedOnes() throws IOException {
        Table t = CsvTables.read(file("t.csv", "a,b\n0.1,1\n51.020506686495004,2\n1e-05,3\n,4\n"));
        assertEquals("a,b\n0.1,1\n51.020506686495004,2\n1e-05,3\n,4\n", csv(t));
        Table computed = Table.of("c", List.of(DoubleColumn.of("x", 1e16, 0.0001, 123456789.0, Double.NaN, -0.0)));
        assertEquals("x\n1e+16\n0.0001\n123456789.0\n\n-0.0\n", csv(computed));
    }

    @Test
    void onlyWantedColumnsAreRead() throws IOException {
        Table t = CsvTables.read(file("t.csv", "a,b,c\n1,x,2.5\n"), n -> !n.equals("b"));
        assertEquals(List.of("a", "c"), t.columnNames());
    }

    @Test
    void malformedRowsNameFileAndLine() throws IOException {
        Path p = file("bad.csv", "a,b,c\n1,2,3\n4,5\n");
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> CsvTables.read(p));
        assertEquals(p + " line 3: expected 3 fields (as in the header), found 2", e.getMessage());

        Path q = file("quote.csv", "a,b\n1,\"open\n2,3\n");
        e = assertThrows(CsvFormatException.class, () -> CsvTables.read(q));
        assertEquals(q + " line 2: quoted field 2 is never closed", e.getMessage());

        Path r = file("after.csv", "a,b\n1,\"x\"y\n");
        e = assertThrows(CsvFormatException.class, () -> CsvTables.read(r));
        assertEquals(r + " line 2: text after the closing quote of field 2", e.getMessage());

        Path missing = dir.resolve("none.csv");
        e = assertThrows(CsvFormatException.class, () -> CsvTables.read(missing));
        assertEquals(missing + ": no such file", e.getMessage());

        e = assertThrows(CsvFormatException.class, () -> CsvTables.read(dir));
        assertTrue(e.getMessage().startsWith(dir + ": cannot read"), e.getMessage());

        Path empty = file("empty.csv", "");
        e = assertThrows(CsvFormatException.class, () -> CsvTables.read(empty));
        assertFalse(e.getMessage().contains("\n"));
        assertTrue(e.getMessage().startsWith(empty.toString()));
    }
}
