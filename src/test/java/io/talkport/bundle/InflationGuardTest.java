package io.talkport.bundle;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Limits are enforced on bytes actually inflated, whatever the headers declare. */
class InflationGuardTest {

    private static InputStream guarded(int actual, long declared, long compressed, long budget) {
        return new InflationGuard(new ByteArrayInputStream(new byte[actual]), "x", declared, compressed, 100,
                new InflationGuard.Budget(budget));
    }

    @Test
    void moreBytesThanDeclaredIsABomb() {
        assertThatThrownBy(() -> guarded(1000, 10, 10, 1 << 30).readAllBytes())
                .isInstanceOfSatisfying(BundleRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(BundleRejectedException.Code.ZIP_BOMB));
    }

    @Test
    void theArchiveBudgetIsCountedOnBytesRead() {
        assertThatThrownBy(() -> guarded(1000, -1, 1000, 999).readAllBytes())
                .hasMessageContaining("unpacks to more bytes than allowed");
    }

    @Test
    void theRatioIsCheckedWhileReadingPastTheFloor() {
        int size = (int) InflationGuard.RATIO_FLOOR * 2;
        assertThatThrownBy(() -> guarded(size, -1, 1000, 1L << 40).readAllBytes())
                .hasMessageContaining("times its compressed size");
    }

    @Test
    void honestEntriesPass() throws Exception {
        assertThat(guarded(5000, 5000, 100, 10_000).readAllBytes()).hasSize(5000);
    }
}
