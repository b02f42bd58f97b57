package io.kitchenwatch.dashboards.reports;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.ChartFactory;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Charts drawn on the server (JFreeChart) as PNG, for the PDF and the printable page. */
public final class Charts {
    private static final Color INK = new Color(0x1f, 0x3a, 0x5f);
    private static final Color WARN = new Color(0xc0, 0x39, 0x2b);
    private static final Color OK = new Color(0x27, 0xae, 0x60);

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /** Pass rate per plant in %, with the plan's 95 % target as a line. */
    public static byte[] passRate(Map<String, long[]> byPlant, int width, int height) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        byPlant.forEach((plant, c) -> data.addValue(100.0 * c[0] / c[1], "合格率 pass rate %", plant));
        JFreeChart chart = ChartFactory.createBarChart("消毒合格率 Disinfection pass rate", null, "%", data,
                PlotOrientation.HORIZONTAL, false, false, false);
        theme().apply(chart);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.getRangeAxis().setRange(0, 100);
        ValueMarker target = new ValueMarker(95, WARN, new BasicStroke(1.5f));
        target.setLabel("95 %");
        target.setLabelFont(CjkFont.awt(Font.PLAIN, 10));
        target.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        target.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
        plot.addRangeMarker(target);
        bars(plot, OK, INK);
        return png(chart, width, height);
    }

    /** Alerts opened and closed in the period, by type. */
    public static byte[] alerts(Map<String, long[]> byType, int width, int height) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        byType.forEach((type, c) -> {
            data.addValue(c[0], "opened 新增", type);
            data.addValue(c[1], "closed 已闭环", type);
        });
        JFreeChart chart = ChartFactory.createBarChart("告警 Alerts by type", null, null, data,
                PlotOrientation.HORIZONTAL, true, false, false);
        theme().apply(chart);
        CategoryPlot plot = chart.getCategoryPlot();
        ((NumberAxis) plot.getRangeAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        bars(plot, WARN, OK);
        return png(chart, width, height);
    }

    /**
     * A batch's temperature (or concentration) curve against its threshold, time in minutes from the start.
     *
     * @param points  {epoch ms, value} pairs, oldest first
     */
    public static byte[] curve(List<double[]> points, long start, double threshold, String field, int width, int height) {
        XYSeries series = new XYSeries(field);
        points.forEach(p -> series.add((p[0] - start) / 60_000.0, p[1]));
        JFreeChart chart = ChartFactory.createXYLineChart(null, "min", field, new XYSeriesCollection(series),
                PlotOrientation.VERTICAL, false, false, false);
        theme().apply(chart);
        XYPlot plot = chart.getXYPlot();
        plot.getRenderer().setSeriesPaint(0, INK);
        plot.getRenderer().setSeriesStroke(0, new BasicStroke(2f));
        ValueMarker limit = new ValueMarker(threshold, WARN, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{6f, 4f}, 0f));
        limit.setLabel("≥ " + (threshold == Math.rint(threshold) ? Long.toString((long) threshold) : Double.toString(threshold)));
        limit.setLabelFont(CjkFont.awt(Font.PLAIN, 11));
        limit.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        limit.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        plot.addRangeMarker(limit);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        return png(chart, width, height);
    }

    private static void bars(CategoryPlot plot, Color first, Color second) {
        BarRenderer r = (BarRenderer) plot.getRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setSeriesPaint(0, first);
        r.setSeriesPaint(1, second);
    }

    private static StandardChartTheme theme() {
        StandardChartTheme theme = (StandardChartTheme) StandardChartTheme.createJFreeTheme();
        theme.setExtraLargeFont(CjkFont.awt(Font.BOLD, 15));
        theme.setLargeFont(CjkFont.awt(Font.PLAIN, 12));
        theme.setRegularFont(CjkFont.awt(Font.PLAIN, 11));
        theme.setSmallFont(CjkFont.awt(Font.PLAIN, 10));
        theme.setPlotBackgroundPaint(Color.WHITE);
        theme.setChartBackgroundPaint(Color.WHITE);
        theme.setDomainGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        theme.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        return theme;
    }

    private static byte[] png(JFreeChart chart, int width, int height) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ChartUtils.writeChartAsPNG(out, chart, width, height);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
