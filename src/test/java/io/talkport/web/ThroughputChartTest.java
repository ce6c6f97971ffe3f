package io.talkport.web;

import io.talkport.delivery.ThroughputTracker.Sample;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ThroughputChartTest {

    @Test
    void ratesBetweenSamplesBecomeALineScaledToThePeakWithAxesAndTheRateShown() {
        ThroughputChart chart = ThroughputChart.of("test", List.of(
                new Sample(0, 0), new Sample(1000, 10), new Sample(2000, 30), new Sample(4000, 30)), 7.5);
        assertThat(chart.rates()).containsExactly(10.0, 20.0, 0.0);
        assertThat(chart.hasData()).isTrue();
        assertThat(chart.peak()).isEqualTo(20.0);
        // x spread over 240, y: the peak at the top (2), zero at the bottom (46).
        assertThat(chart.points()).isEqualTo("0.0,24.0 120.0,2.0 240.0,46.0");
        assertThat(chart.peakLabel()).isEqualTo("20.0 msg/s");
        assertThat(chart.spanLabel()).isEqualTo("−4 s");
        assertThat(chart.ariaLabel()).isEqualTo(
                "Messages per second of the test run over the last 4 s: 7.5 on average (the rate shown), peak 20.0");
    }

    @Test
    void tooFewSamplesDrawNothing() {
        assertThat(ThroughputChart.of("live", List.of(), 0).hasData()).isFalse();
        assertThat(ThroughputChart.of("live", List.of(new Sample(0, 0), new Sample(500, 5)), 0).hasData()).isFalse();
    }
}
