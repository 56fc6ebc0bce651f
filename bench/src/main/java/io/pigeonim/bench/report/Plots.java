package io.pigeonim.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.File;
import java.io.IOException;
import java.text.DecimalFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import io.pigeonim.bench.load.StepResult;
import io.pigeonim.bench.stats.Percentiles;

/** Draws the run's two PNGs with JFreeChart (headless): latency against offered rate, deliveries over time. */
final class Plots {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 600;

    private Plots() {
    }

    /**
     * p50 / p99 / p99.9 end-to-end latency (log scale) against the offered rate, one line per scenario and percentile;
     * the stack warm-up left out (a cold stack at one rate, not a point of the curve).
     */
    static void latency(List<StepResult> steps, File png) throws IOException {
        Map<String, XYSeries> series = new LinkedHashMap<>();
        for (StepResult s : steps) {
            Percentiles p = s.endToEnd();
            if (p.isEmpty() || s.phase().equals("stack-warmup")) {
                continue;
            }
            add(series, s.scenario() + " p50", s.rate(), p.p50());
            add(series, s.scenario() + " p99", s.rate(), p.p99());
            add(series, s.scenario() + " p99.9", s.rate(), p.p999());
        }
        XYSeriesCollection data = new XYSeriesCollection();
        series.values().forEach(data::addSeries);
        JFreeChart chart = ChartFactory.createXYLineChart("End-to-end latency (from intended send time)",
                "offered rate (messages/s)", "latency (ms, log scale)", data, PlotOrientation.VERTICAL, true, false,
                false);
        XYPlot plot = chart.getXYPlot();
        LogAxis axis = new LogAxis("latency (ms, log scale)");
        axis.setSmallestValue(0.1);
        axis.setNumberFormatOverride(new DecimalFormat("0.##"));
        plot.setRangeAxis(axis);
        style(plot, true);
        ChartUtils.saveChartAsPNG(png, chart, WIDTH, HEIGHT);
    }

    /** Messages delivered to receivers in each second of the run. */
    static void throughput(double[] perSecond, File png) throws IOException {
        XYSeries delivered = new XYSeries("first arrivals at receivers per second");
        for (int i = 0; i < perSecond.length; i++) {
            delivered.add(i, perSecond[i]);
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Delivered throughput over time", "seconds since start",
                "message frames delivered per second", new XYSeriesCollection(delivered), PlotOrientation.VERTICAL,
                true, false, false);
        style(chart.getXYPlot(), false);
        ChartUtils.saveChartAsPNG(png, chart, WIDTH, HEIGHT);
    }

    private static void add(Map<String, XYSeries> series, String name, double x, double y) {
        series.computeIfAbsent(name, n -> new XYSeries(n, true, true)).add(x, Math.max(y, 0.1));
    }

    private static void style(XYPlot plot, boolean shapes) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, shapes);
        for (int i = 0; i < plot.getDataset().getSeriesCount(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        plot.setRenderer(renderer);
    }
}
