package org.rnn4j.examples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Charts for the examples (sine wave, El Niño forecast), drawn with JFreeChart into one PNG, headless. Each line carries its
 * colour, so a model keeps one colour in every panel.
 */
final class Plot {
    /** Colours that stay apart for colour-blind readers (Okabe–Ito), one per model of the sine demo. */
    static final Color TARGET = Color.BLACK;
    static final Color CONTINUOUS = new Color(190, 190, 190);
    static final Color REPLICA_PRINTED = new Color(0, 114, 178);
    static final Color REPLICA_TRAINED = new Color(230, 159, 0);
    static final Color RNN = new Color(0, 158, 115);
    static final Color PERSISTENCE = new Color(204, 121, 167);

    private Plot() {
    }

    /** How a line is drawn. */
    enum Style {
        /** Thin and light: a reference drawn under everything else. */
        LIGHT,
        /** Dots joined by a thin line: values that exist only at the x given. */
        SAMPLES,
        /** A solid line. */
        SOLID,
        /** A dashed line. */
        DASHED
    }

    /** A named line: x values, y values, its colour and style. */
    static final class Line {
        final String name;
        final double[] x;
        final double[] y;
        final Color colour;
        final Style style;

        Line(String name, double[] x, double[] y, Color colour, Style style) {
            if (x.length != y.length) {
                throw new IllegalArgumentException("line '" + name + "': " + x.length + " x values but " + y.length + " y values");
            }
            this.name = name;
            this.x = x;
            this.y = y;
            this.colour = colour;
            this.style = style;
        }
    }

    /**
     * Tick labels of a log axis as plain numbers: 1, 0.1, 0.01, then 1e-3, 1e-4, … (and 10, 100 above 1).
     */
    static final class PlainLogFormat extends NumberFormat {
        private static final long serialVersionUID = 1L;

        @Override
        public StringBuffer format(double v, StringBuffer to, FieldPosition pos) {
            return to.append(label(v));
        }

        @Override
        public StringBuffer format(long v, StringBuffer to, FieldPosition pos) {
            return to.append(label(v));
        }

        @Override
        public Number parse(String source, ParsePosition pos) {
            throw new UnsupportedOperationException("labels only");
        }

        static String label(double v) {
            if (!(v > 0) || Double.isInfinite(v)) {
                return String.valueOf(v);
            }
            int exponent = (int) Math.round(Math.log10(v));
            if (Math.abs(v / Math.pow(10, exponent) - 1) > 1e-9) {
                return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
            }
            if (exponent >= -2 && exponent <= 3) {
                return BigDecimal.ONE.scaleByPowerOfTen(exponent).toPlainString();
            }
            return "1e" + exponent;
        }
    }

    /** A model drawn in both panels keeps its colour: the same name with two colours is refused. */
    static void requireOneColourPerName(List<Line> top, List<Line> bottom) {
        Map<String, Color> seen = new HashMap<>();
        for (List<Line> panel : List.of(top, bottom)) {
            for (Line l : panel) {
                Color c = seen.putIfAbsent(l.name, l.colour);
                if (c != null && !c.equals(l.colour)) {
                    throw new IllegalArgumentException("line '" + l.name + "' is drawn in " + c + " and in " + l.colour
                            + "; a model keeps one colour across panels");
                }
            }
        }
    }

    private static XYSeriesCollection collection(List<Line> lines, boolean positiveOnly) {
        XYSeriesCollection c = new XYSeriesCollection();
        for (Line l : lines) {
            XYSeries s = new XYSeries(l.name, false, true);
            for (int i = 0; i < l.x.length; i++) {
                if (!positiveOnly || l.y[i] > 0) {
                    s.add(l.x[i], l.y[i]);
                }
            }
            c.addSeries(s);
        }
        return c;
    }

    private static XYLineAndShapeRenderer renderer(List<Line> lines) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            r.setSeriesPaint(i, l.colour);
            switch (l.style) {
                case LIGHT:
                    r.setSeriesStroke(i, new BasicStroke(3f));
                    break;
                case SAMPLES:
                    r.setSeriesStroke(i, new BasicStroke(0.8f));
                    r.setSeriesShapesVisible(i, true);
                    r.setSeriesShape(i, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
                    break;
                case SOLID:
                    r.setSeriesStroke(i, new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                    break;
                case DASHED:
                    r.setSeriesStroke(i, new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f));
                    break;
                default:
                    throw new IllegalArgumentException("style " + l.style);
            }
        }
        return r;
    }

    /**
     * Writes two charts stacked in one PNG: predictions against targets (with a note under the
     * title), and training curves on a log axis labelled in plain numbers. Lines are drawn in list
     * order, later ones on top.
     *
     * @return the file written
     */
    static Path write(Path file, String topTitle, String topNote, String topXLabel, List<Line> predictions, String bottomTitle,
                      List<Line> curves) throws IOException {
        requireOneColourPerName(predictions, curves);
        System.setProperty("java.awt.headless", "true");
        JFreeChart top = ChartFactory.createXYLineChart(topTitle, topXLabel, "value", collection(predictions, false),
                PlotOrientation.VERTICAL, true, false, false);
        top.addSubtitle(new TextTitle(topNote, new Font(Font.SANS_SERIF, Font.ITALIC, 13)));
        // Years on x read 2005, not 2,005; values far from 0 (temperatures) get a range around them, not from 0.
        XYPlot topPlot = (XYPlot) top.getPlot();
        NumberFormat plain = NumberFormat.getNumberInstance(Locale.ROOT);
        plain.setGroupingUsed(false);
        ((NumberAxis) topPlot.getDomainAxis()).setNumberFormatOverride(plain);
        ((NumberAxis) topPlot.getRangeAxis()).setAutoRangeIncludesZero(false);
        JFreeChart bottom = ChartFactory.createXYLineChart(bottomTitle, "epoch", "training RMSE (log scale)",
                collection(curves, true), PlotOrientation.VERTICAL, true, false, false);
        LogAxis log = new LogAxis("training RMSE (log scale)");
        log.setAutoTickUnitSelection(false);
        log.setTickUnit(new NumberTickUnit(1)); // one tick per power of ten
        log.setNumberFormatOverride(new PlainLogFormat());
        log.setMinorTickMarksVisible(true);
        XYPlot bottomPlot = (XYPlot) bottom.getPlot();
        log.setLabelFont(bottomPlot.getDomainAxis().getLabelFont());
        log.setTickLabelFont(bottomPlot.getDomainAxis().getTickLabelFont());
        bottomPlot.setRangeAxis(log);
        JFreeChart[] charts = {top, bottom};
        List<List<Line>> lines = List.of(predictions, curves);
        for (int k = 0; k < 2; k++) {
            charts[k].setBackgroundPaint(Color.WHITE);
            XYPlot p = (XYPlot) charts[k].getPlot();
            p.setBackgroundPaint(new Color(250, 250, 250));
            p.setDomainGridlinePaint(new Color(220, 220, 220));
            p.setRangeGridlinePaint(new Color(220, 220, 220));
            p.setRenderer(renderer(lines.get(k)));
            p.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD);
        }
        int width = 1100;
        int height = 480;
        BufferedImage image = new BufferedImage(width, 2 * height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, 2 * height);
            top.draw(g, new Rectangle2D.Double(0, 0, width, height));
            bottom.draw(g, new Rectangle2D.Double(0, height, width, height));
        } finally {
            g.dispose();
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer available");
        }
        return file.toAbsolutePath();
    }
}
