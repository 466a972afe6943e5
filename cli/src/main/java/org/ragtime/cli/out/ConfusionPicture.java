package org.ragtime.cli.out;

import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * The mean confusion matrix of a decoding as a picture (JFreeChart), as the quick start's {@code imshow}: actual
 * values down, predicted values across, first value at the top left, a viridis colour per mean count with its legend;
 * the values name the ticks when there are at most 40 of them, else ticks are positions.
 */
public final class ConfusionPicture {
    private static final int MAX_NAMED = 40;
    private static final double[][] VIRIDIS = {
        {68, 1, 84}, {72, 40, 120}, {62, 74, 137}, {49, 104, 142}, {38, 130, 142},
        {31, 158, 137}, {53, 183, 121}, {109, 205, 89}, {180, 222, 44}, {253, 231, 37}};

    private ConfusionPicture() {
    }

    /**
     * Draws {@code confusion} (rows actual, columns predicted, labelled by {@code labels}) to {@code png}.
     *
     * @param title the picture's title
     * @param axis  what the values are (e.g. the target column's name)
     */
    public static void write(Path png, String title, String axis, List<String> labels, double[][] confusion) {
        int k = labels.size();
        double[] x = new double[k * k];
        double[] y = new double[k * k];
        double[] z = new double[k * k];
        double hi = 0;
        for (int r = 0; r < k; r++) {
            for (int c = 0; c < k; c++) {
                int i = r * k + c;
                x[i] = c;
                y[i] = r;
                z[i] = confusion[r][c];
                hi = Math.max(hi, z[i]);
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("confusion", new double[][] {x, y, z});
        LookupPaintScale scale = viridis(hi > 0 ? hi : 1);
        XYBlockRenderer cells = new XYBlockRenderer();
        cells.setPaintScale(scale);
        XYPlot plot = new XYPlot(data, axis(labels, "predicted " + axis, false), axis(labels, "actual " + axis, true), cells);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(new TextTitle(title, new Font(Font.SANS_SERIF, Font.BOLD, 16)));
        NumberAxis legendAxis = new NumberAxis("mean count per fold");
        legendAxis.setRange(scale.getLowerBound(), scale.getUpperBound());
        PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
        legend.setMargin(new RectangleInsets(40, 12, 60, 4));
        legend.setStripWidth(14);
        legend.setSubdivisionCount(256);
        chart.addSubtitle(legend);
        int side = Math.clamp(k * 14L + 200, 480, 1100);
        BufferedImage img = chart.createBufferedImage(side + 140, side + 40);
        Pictures.writePng(img, png);
    }

    private static ValueAxis axis(List<String> labels, String name, boolean down) {
        ValueAxis a;
        if (labels.size() <= MAX_NAMED) {
            a = new SymbolAxis(name, labels.toArray(new String[0]));
            ((SymbolAxis) a).setGridBandsVisible(false);
        } else {
            NumberAxis n = new NumberAxis(name + " (position)");
            n.setAutoRangeIncludesZero(false);
            a = n;
        }
        a.setRange(-0.5, labels.size() - 0.5);
        a.setInverted(down);
        return a;
    }

    private static LookupPaintScale viridis(double hi) {
        LookupPaintScale s = new LookupPaintScale(0, Math.nextUp(hi), Color.LIGHT_GRAY);
        int steps = 255;
        for (int i = 0; i < steps; i++) {
            double at = i / (double) (steps - 1) * (VIRIDIS.length - 1);
            int j = Math.min((int) at, VIRIDIS.length - 2);
            double f = at - j;
            s.add(hi * i / steps, new Color((int) Math.round(VIRIDIS[j][0] + f * (VIRIDIS[j + 1][0] - VIRIDIS[j][0])),
                    (int) Math.round(VIRIDIS[j][1] + f * (VIRIDIS[j + 1][1] - VIRIDIS[j][1])),
                    (int) Math.round(VIRIDIS[j][2] + f * (VIRIDIS[j + 1][2] - VIRIDIS[j][2]))));
        }
        return s;
    }
}
