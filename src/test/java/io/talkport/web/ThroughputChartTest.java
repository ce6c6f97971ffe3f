package io.talkport.web;

import io.talkport.delivery.ThroughputTracker.Sample;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ThroughputChartTest {

    @Test
    void ratesBetweenSamplesBecomeALineScaledToThePeak() {
        ThroughputChart chart = ThroughputChart.of("test", List.of(
                new Sample(0, 0), new Sample(1000, 10), new Sample(2000, 30), new Sample(4000, 30)));
        assertThat(chart.rates()).containsExactly(10.0, 20.0, 0.0);
        assertThat(chart.hasData()).isTrue();
        assertThat(chart.peak()).isEqualTo(20.0);
        // x spread over 240, y: the peak at the top (2), zero at the bottom (46).
        assertThat(chart.points()).isEqualTo("0.0,24.0 120.0,2.0 240.0,46.0");
        assertThat(chart.ariaLabel())
                .isEqualTo("Throughput of the test run over the last 4 s: latest 0.0, peak 20.0 messages/s");
    }

    @Test
    void tooFewSamplesDrawNothing() {
        assertThat(ThroughputChart.of("live", List.of()).hasData()).isFalse();
        assertThat(ThroughputChart.of("live", List.of(new Sample(0, 0), new Sample(500, 5))).hasData()).isFalse();
    }
}
