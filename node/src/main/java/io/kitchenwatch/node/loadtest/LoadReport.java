package io.kitchenwatch.node.loadtest;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What a loadtest writes: per-second samples and alert latencies as CSV, a summary, and a chart of the rates. */
final class LoadReport {
    private LoadReport() {
    }

    /** The {@code p}-th percentile (0-100) of {@code sorted}, nearest rank; NaN when empty. */
    static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    static String summary(LoadtestConfig config, List<Sample> samples, Sample end, List<Long> latencies, long faults,
                          double publishSeconds) {
        Sample first = samples.isEmpty() ? end : samples.get(0);
        double stored = end.stored() - first.stored();
        double cpu = end.cpuSeconds() - first.cpuSeconds();
        List<Long> sorted = new ArrayList<>(latencies);
        sorted.sort(Long::compare);
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "loadtest of %s: %d devices, %s, %d s%n", config.nodeUrl(), config.devices(),
                config.rate() == 0 ? "as fast as the broker takes them" : config.rate() + " msg/s asked", config.duration().toSeconds()));
        s.append(String.format(Locale.ROOT, "published  %,d (%,.0f msg/s), acknowledged by the broker %,d%n", end.published(),
                end.published() / publishSeconds, end.acked()));
        s.append(String.format(Locale.ROOT, "stored     %,.0f (%,.0f msg/s over the run)%n", stored, stored / Math.max(1e-9, end.seconds())));
        s.append(String.format(Locale.ROOT, "analysed   %,.0f%n", end.analysed() - first.analysed()));
        s.append(String.format(Locale.ROOT, "not stored %,.0f of those the broker acknowledged, when this was written (still queued at the broker"
                + " if the node was behind; lost if it had caught up)%n", Math.max(0, end.acked() - stored)));
        s.append(String.format(Locale.ROOT, "node CPU   %.1f s, %.1f µs per stored message%n", cpu, stored > 0 ? cpu * 1e6 / stored : Double.NaN));
        s.append(String.format(Locale.ROOT, "node heap  %.0f MB at the end%n", end.heapBytes() / 1e6));
        s.append(String.format(Locale.ROOT, "alerts     %d faults published, %d timed on the live stream: p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                faults, sorted.size(), percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99), percentile(sorted, 100)));
        return s.toString();
    }

    static void write(Path out, List<Sample> samples, List<Long> latencies, String summary) throws IOException {
        Files.createDirectories(out);
        StringBuilder csv = new StringBuilder("seconds,published,acked,stored,analysed,alerts,node_cpu_s,node_heap_bytes\n");
        for (Sample x : samples) {
            csv.append(String.format(Locale.ROOT, "%.1f,%d,%d,%.0f,%.0f,%d,%.3f,%.0f%n", x.seconds(), x.published(), x.acked(),
                    x.stored(), x.analysed(), x.alerts(), x.cpuSeconds(), x.heapBytes()));
        }
        Files.writeString(out.resolve("samples.csv"), csv);
        StringBuilder lat = new StringBuilder("publish_to_alert_ms\n");
        latencies.forEach(l -> lat.append(l).append('\n'));
        Files.writeString(out.resolve("latency.csv"), lat);
        Files.writeString(out.resolve("summary.txt"), summary);
        System.setProperty("java.awt.headless", "true");
        try {
            ChartUtils.saveChartAsPNG(out.resolve("loadtest.png").toFile(), chart(samples), 900, 500);
        } catch (IOException | RuntimeException | Error e) {
            // a box without fonts cannot draw text: the figures are in the CSV files all the same
            System.err.println("loadtest: chart not drawn (" + e + "); the CSV files have the figures");
        }
    }

    private static JFreeChart chart(List<Sample> samples) {
        XYSeries published = new XYSeries("published msg/s");
        XYSeries stored = new XYSeries("stored msg/s");
        XYSeries analysed = new XYSeries("analysed msg/s");
        for (int i = 1; i < samples.size(); i++) {
            Sample a = samples.get(i - 1);
            Sample b = samples.get(i);
            double dt = Math.max(1e-3, b.seconds() - a.seconds());
            published.add(b.seconds(), (b.published() - a.published()) / dt);
            stored.add(b.seconds(), (b.stored() - a.stored()) / dt);
            analysed.add(b.seconds(), (b.analysed() - a.analysed()) / dt);
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(published);
        data.addSeries(stored);
        data.addSeries(analysed);
        return ChartFactory.createXYLineChart("KitchenWatch loadtest", "seconds", "messages per second", data,
                PlotOrientation.VERTICAL, true, false, false);
    }
}
