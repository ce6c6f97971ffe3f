package io.talkport.job;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IssueCsvTest {

    @Test
    void plainTextStaysAsItIs() {
        assertThat(IssueCsv.cell("UNKNOWN_USER")).isEqualTo("UNKNOWN_USER");
        assertThat(IssueCsv.cell(null)).isEmpty();
        assertThat(IssueCsv.cell("")).isEmpty();
    }

    @Test
    void commasQuotesAndLineBreaksAreQuoted() {
        assertThat(IssueCsv.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(IssueCsv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(IssueCsv.cell("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(IssueCsv.cell("cr\rhere")).isEqualTo("\"cr\rhere\"");
    }

    @Test
    void aCellThatASpreadsheetWouldRunAsAFormulaIsDefused() {
        assertThat(IssueCsv.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(IssueCsv.cell("+1")).isEqualTo("'+1");
        assertThat(IssueCsv.cell("-1")).isEqualTo("'-1");
        assertThat(IssueCsv.cell("@sum")).isEqualTo("'@sum");
    }
}
