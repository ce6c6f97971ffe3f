package io.talkport.web;

import io.talkport.delivery.ThroughputTracker.Sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A run's recent throughput as a small server-rendered SVG line: messages per second between consecutive samples of
 * the {@link io.talkport.delivery.ThroughputTracker}. Rendered as markup, so the CSP needs no inline script or style.
 * The axes' labels are HTML beside the SVG (a stretched SVG would distort text): messages/s from 0 to the peak, time
 * from the first sample to now.
 *
 * @param shownRate the rate the page prints beside the chart (messages/s over the same window), so that the chart's
 *                  label and the text agree
 */
public record ThroughputChart(String environment, List<Double> rates, long spanMillis, double shownRate) {

    static final int WIDTH = 240;
    static final int HEIGHT = 48;
    /** Keeps the line off the top and bottom edges. */
    private static final int PAD = 2;

    static ThroughputChart of(String environment, List<Sample> samples, double shownRate) {
        List<Double> rates = new ArrayList<>();
        for (int i = 1; i < samples.size(); i++) {
            Sample previous = samples.get(i - 1);
            Sample current = samples.get(i);
            long millis = current.at() - previous.at();
            rates.add(millis <= 0 ? 0 : Math.max(0, (current.done() - previous.done()) * 1000.0 / millis));
        }
        long span = samples.size() < 2 ? 0 : samples.get(samples.size() - 1).at() - samples.get(0).at();
        return new ThroughputChart(environment, List.copyOf(rates), span, shownRate);
    }

    /** A line needs two rates, that is three samples. */
    public boolean hasData() {
        return rates.size() >= 2;
    }

    public double peak() {
        return rates.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    /** The polyline's points, x spread evenly over the width, y scaled to the peak (0 at the bottom). */
    public String points() {
        double peak = Math.max(peak(), 1e-9);
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < rates.size(); i++) {
            double x = rates.size() == 1 ? 0 : i * (double) WIDTH / (rates.size() - 1);
            double y = HEIGHT - PAD - rates.get(i) / peak * (HEIGHT - 2 * PAD);
            points.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
        }
        return points.toString();
    }

    public String viewBox() {
        return "0 0 " + WIDTH + " " + HEIGHT;
    }

    /** Top of the y axis: "60.2 msg/s". */
    public String peakLabel() {
        return String.format(Locale.ROOT, "%,.1f msg/s", peak());
    }

    /** Start of the x axis: "−30 s". */
    public String spanLabel() {
        return "−" + Math.round(spanMillis / 1000.0) + " s";
    }

    public String ariaLabel() {
        return String.format(Locale.ROOT, "Messages per second of the %s run over the last %d s: "
                        + "%,.1f on average (the rate shown), peak %,.1f", environment,
                Math.round(spanMillis / 1000.0), shownRate, peak());
    }
}
