package io.talkport.usermap;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;

import static org.assertj.core.api.Assertions.assertThat;

class MappingCsvTest {

    private static MappingCsv parse(String text) throws IOException {
        return MappingCsv.parse(new StringReader(text));
    }

    @Test
    void emailAndIdHeadersQuotesAndBlankLines() throws IOException {
        MappingCsv byEmail = parse("\uFEFFemail,talkjsId\nann@acme.example,\"crm-1\"\n\n\"bo,jr@acme.example\",crm-2\n");
        assertThat(byEmail.byEmail()).isTrue();
        assertThat(byEmail.problems()).isEmpty();
        assertThat(byEmail.rows()).containsExactly(new MappingCsv.Row("ann@acme.example", "crm-1", 2),
                new MappingCsv.Row("bo,jr@acme.example", "crm-2", 4));
        assertThat(parse("sourceId,talkjsId\nU1,u-1").byEmail()).isFalse();
    }

    @Test
    void problemsNameTheirLine() throws IOException {
        assertThat(parse("id,name\nU1,u1").problems())
                .containsExactly("Line 1: the header must be sourceId,talkjsId or email,talkjsId, not \"id,name\".");
        assertThat(parse("sourceId,talkjsId\nU1\nU2,\nU3,x,y").problems()).containsExactly(
                "Line 2: expected two non-empty values separated by a comma.",
                "Line 3: expected two non-empty values separated by a comma.",
                "Line 4: expected two non-empty values separated by a comma.");
    }
}
