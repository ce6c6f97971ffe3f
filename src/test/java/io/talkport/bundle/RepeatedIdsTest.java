package io.talkport.bundle;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RepeatedIdsTest {

    @Test
    void everyRepeatedIdIsListedAndFewOthers() {
        RepeatedIds ids = new RepeatedIds();
        Random random = new Random(7);
        Set<String> repeated = new HashSet<>();
        for (int i = 0; i < 500_000; i++) {
            String id = "m" + i;
            ids.add(id);
            if (random.nextInt(50_000) == 0) {
                repeated.add(id);
            }
        }
        repeated.forEach(ids::add);
        ids.add("m17");
        repeated.add("m17");

        assertThat(ids.candidates()).containsAll(repeated);
        // About 20 of a million distinct ids are listed by chance; far fewer of half a million.
        assertThat(ids.candidates().size() - repeated.size()).isBetween(0, 20);
    }

    @Test
    void anIdSeenOnceIsNotListed() {
        RepeatedIds ids = new RepeatedIds();
        ids.add("a");
        ids.add("b");
        ids.add("");
        assertThat(ids.candidates()).isEmpty();
        ids.add("");
        assertThat(ids.candidates()).containsExactly("");
    }

    @Test
    void tooManyRepeatsDropTheList() {
        RepeatedIds ids = new RepeatedIds();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i <= RepeatedIds.MAX_LISTED; i++) {
                ids.add("id-" + i);
            }
        }
        assertThat(ids.candidates()).isNull();
    }

    @Test
    void longRepeatedIdsDropTheListEarly() {
        RepeatedIds ids = new RepeatedIds();
        String[] huge = new String[5];
        for (int i = 0; i < huge.length; i++) {
            huge[i] = Integer.toString(i).repeat(RepeatedIds.MAX_LISTED_CHARS / 4);
            ids.add(huge[i]);
            ids.add(huge[i]);
        }
        assertThat(ids.candidates()).isNull();
    }

    @Test
    void theHashSpreadsIdsThatDifferInOneCharacter() {
        Set<Long> blocks = new HashSet<>();
        for (char c = 'a'; c <= 'z'; c++) {
            blocks.add(RepeatedIds.hash("message-" + c) & 0xFFFF);
        }
        assertThat(blocks).hasSizeGreaterThan(20);
    }
}
