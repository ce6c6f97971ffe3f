package io.talkport.bundle.slack;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

/** Slack's ts read digit by digit gives what BigDecimal gave (the reading before 2026-11-30) for every shape. */
class SlackTimesTest {

    @ParameterizedTest
    @ValueSource(strings = {"1498401043.277604", "1498401043.277999", "1498401043.2", "1498401043.", "1498401043",
        "0", "0.0009", "0001498401043.5", "999999999999999.999", "9999999999999999.5", "1.5e9", "-1498401043.277604",
        "+1498401043.277604", ".5", "١٤٩٨٤٠١٠٤٣.٢٧٧٦٠٤", "1498401043.27a", "1498401043..2", "1498401043.-2", "abc",
        "1498401043 ", " 1498401043", "12345678901234567890123456789012345678.12", "1e400"})
    void everyShapeIsReadAsBigDecimalReadIt(String ts) {
        assertThat(SlackTimes.millis(ts)).isEqualTo(bigDecimal(ts));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1498401043.277604", "1498401043.277001"})
    void microsecondsAreTruncatedSoThatEqualMillisecondsKeepTheirFileOrder(String ts) {
        assertThat(SlackTimes.millis(ts)).isEqualTo(1498401043277L);
    }

    private static Long bigDecimal(String ts) {
        if (ts.length() > 40) {
            return null;
        }
        try {
            return new BigDecimal(ts).movePointRight(3).longValue();
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
