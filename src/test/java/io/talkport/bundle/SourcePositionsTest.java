package io.talkport.bundle;

import io.talkport.bundle.format.SourcePosition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SourcePositionsTest {

    @Test
    void everyOrdinalGivesItsPositionBackAcrossChunks() {
        SourcePositions positions = new SourcePositions("#messages");
        int records = 2 * SourcePositions.CHUNK + 3;
        for (int i = 0; i < records; i++) {
            assertThat(positions.add(new SourcePosition("day-" + i % 7 + ".json", i / 7 + 1))).isEqualTo(i + 1);
        }
        for (int ordinal : new int[] {1, SourcePositions.CHUNK, SourcePositions.CHUNK + 1, records}) {
            int i = ordinal - 1;
            assertThat(positions.at(ordinal)).isEqualTo(new SourcePosition("day-" + i % 7 + ".json", i / 7 + 1));
        }
        assertThat(positions.at(0)).isNull();
        assertThat(positions.at(records + 1)).isNull();
    }
}
