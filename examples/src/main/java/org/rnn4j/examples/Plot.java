package org.rnn4j.examples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Charts for the sine example, drawn with JFreeChart into one PNG, headless. */
final class Plot {
    /** Black for the first line (the target), then colours that stay apart for colour-blind readers. */
    private static final Color[] PALETTE = {Color.BLACK, new Color(0, 114, 178), new Color(0, 158, 115), new Color(230, 159, 0),
        new Color(204, 121, 167), new Color(120, 120, 120)};

    private Plot() {
    }

    /** A named line: x values and y values. */
    static final class Line {
        final String name;
        final double[] x;
        final double[] y;

        Line(String name, double[] x, double[] y) {
            this.name = name;
            this.x = x;
            this.y = y;
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

    /**
     * Writes two charts stacked in one PNG: predictions against targets, and training curves on a log axis.
     *
     * @return the file written
     */
    static Path write(Path file, String topTitle, List<Line> predictions, String bottomTitle, List<Line> curves) throws IOException {
        System.setProperty("java.awt.headless", "true");
        JFreeChart top = ChartFactory.createXYLineChart(topTitle, "window (target index − 50)", "value",
                collection(predictions, false), PlotOrientation.VERTICAL, true, false, false);
        JFreeChart bottom = ChartFactory.createXYLineChart(bottomTitle, "epoch", "training RMSE (log scale)",
                collection(curves, true), PlotOrientation.VERTICAL, true, false, false);
        ((XYPlot) bottom.getPlot()).setRangeAxis(new LogAxis("training RMSE (log scale)"));
        for (JFreeChart c : new JFreeChart[] {top, bottom}) {
            c.setBackgroundPaint(Color.WHITE);
            XYPlot p = (XYPlot) c.getPlot();
            p.setBackgroundPaint(new Color(248, 248, 248));
            XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
            int firstColour = c == top ? 0 : 1; // black is the target's, in the top chart only
            for (int i = 0; i < p.getDataset().getSeriesCount(); i++) {
                r.setSeriesPaint(i, PALETTE[(i + firstColour) % PALETTE.length]);
                // The first line of the top chart is the target: thick, so the close fits drawn over it stay visible.
                r.setSeriesStroke(i, c == top && i == 0 ? new BasicStroke(5f)
                        : new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, i % 2 == 1 ? null : new float[] {6f, 4f}, 0f));
            }
            p.setRenderer(r);
            p.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD); // later lines on top of the target
        }
        int width = 1100;
        int height = 450;
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
