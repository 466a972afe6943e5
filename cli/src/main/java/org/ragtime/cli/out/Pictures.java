package org.ragtime.cli.out;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.AxisSpace;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.AbstractXYItemRenderer;
import org.jfree.chart.renderer.xy.XYItemRendererState;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.data.xy.DefaultXYDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYDataset;

/**
 * The pictures the commands draw (psth's heat map, align-dff's mean responses): per panel, a population mean above
 * a rows x time heat map, drawn with JFreeChart 1.5 (headless): axes with round ticks and labelled units, a zero
 * line and an onset line, one colour scale and one mean scale shared by every panel, rows labelled (unit or cell
 * ids, or structure bands when there are too many rows to name), a diverging map centred on 0 for values that
 * change sign (dF/F) and viridis for counts and rates. JFreeChart has no heat-map cell with per-column widths, so
 * the cells are drawn by a small renderer here ({@link Cells}), which also lets non-uniform bins keep their edges.
 */
public final class Pictures {
    /** How values map to colours. */
    public enum Scale {
        /** Viridis from the lowest to the highest value (counts, rates). */
        SEQUENTIAL,
        /** Blue-white-red centred on 0, symmetric about it (dF/F and other signed values). */
        DIVERGING
    }

    /**
     * One panel: a heat map of {@code rows x cols} values and the mean of each column above it.
     *
     * @param title  panel title (a condition, a stimulus)
     * @param values row-major {@code rows x cols}; NaN drawn grey and left out of the mean
     * @param edges  {@code cols + 1} x edges of the columns (bin edges, or half a step either side of each sample)
     */
    public record Panel(String title, double[] values, double[] edges) {
        int cols() {
            return edges.length - 1;
        }

        int rows() {
            return values.length / Math.max(1, cols());
        }
    }

    /**
     * The rows, shared by every panel.
     *
     * @param axisLabel what a row is ("unit", "cell")
     * @param labels    per row its name (a unit id), shown when the rows are few enough to read
     * @param groups    per row its group (a structure), drawn as labelled bands; null for none
     */
    public record Rows(String axisLabel, String[] labels, String[] groups) {
    }

    private static final int PANEL_W = 560;
    private static final int MEAN_H = 170;
    private static final int ROW_H_MIN = 5;
    private static final int MAP_H_MIN = 220;
    private static final int MAP_H_MAX = 900;
    private static final int LEGEND_W = 110;
    private static final int TITLE_H = 40;
    private static final int LEFT_AXIS = 110;
    private static final int MAX_NAMED_ROWS = 40;
    private static final int MAX_NAME = 16;
    private static final Color NAN = new Color(0xBDBDBD);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);

    private Pictures() {
    }

    /**
     * Draws the panels side by side into {@code png}.
     *
     * @param xLabel     the time axis, with its unit ("time from onset (s)")
     * @param valueLabel the values, with their unit ("spikes/s", "dF/F")
     */
    public static void write(Path png, String title, String xLabel, String valueLabel, Scale scale, Rows rows, List<Panel> panels) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double meanLo = Double.POSITIVE_INFINITY;
        double meanHi = Double.NEGATIVE_INFINITY;
        for (Panel p : panels) {
            for (double v : p.values()) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            for (double m : means(p)) {
                if (Double.isFinite(m)) {
                    meanLo = Math.min(meanLo, m);
                    meanHi = Math.max(meanHi, m);
                }
            }
        }
        PaintScale colours = scale == Scale.DIVERGING ? diverging(lo, hi) : viridis(lo, hi);
        int nRows = panels.isEmpty() ? 0 : panels.getFirst().rows();
        int mapH = Math.clamp((long) nRows * ROW_H_MIN + 60, MAP_H_MIN, MAP_H_MAX);
        int chartH = MEAN_H + mapH + 70;
        int width = panels.size() * PANEL_W + LEGEND_W;
        int height = TITLE_H + chartH;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            drawTitle(g, title, width);
            for (int i = 0; i < panels.size(); i++) {
                boolean first = i == 0;
                boolean last = i == panels.size() - 1;
                JFreeChart chart = panel(panels.get(i), xLabel, valueLabel, colours, rows, first,
                        range(meanLo, meanHi, scale == Scale.DIVERGING), mapH);
                if (last) {
                    chart.addSubtitle(legend(colours, valueLabel));
                }
                int w = PANEL_W + (last ? LEGEND_W : 0);
                chart.draw(g, new Rectangle2D.Double(i * PANEL_W, TITLE_H, w, chartH));
            }
        } finally {
            g.dispose();
        }
        writePng(img, png);
    }

    /** An image to {@code png} (the output's temporary); a failure names the output, as every write does. */
    static void writePng(BufferedImage img, Path png) {
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            if (!ImageIO.write(img, "png", png.toFile())) {
                throw new IOException("no PNG writer");
            }
        } catch (IOException e) {
            throw AtomicOutputs.writeFailed(png, e);
        }
    }

    private static JFreeChart panel(Panel p, String xLabel, String valueLabel, PaintScale colours, Rows rows, boolean first,
            double[] meanRange, int mapH) {
        NumberAxis time = new NumberAxis(xLabel);
        time.setAutoRangeIncludesZero(false);
        time.setRange(p.edges()[0], p.edges()[p.cols()]);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
        plot.setGap(8);
        // every panel keeps the same plot width: the first one's row names take space the others leave empty
        AxisSpace space = new AxisSpace();
        space.setLeft(LEFT_AXIS);
        plot.setFixedRangeAxisSpace(space);

        NumberAxis meanAxis = new NumberAxis(first ? "mean (" + valueLabel + ")" : null);
        meanAxis.setRange(meanRange[0], meanRange[1]);
        meanAxis.setTickLabelsVisible(first);
        DefaultXYDataset mean = new DefaultXYDataset();
        double[] m = means(p);
        double[][] line = new double[2][p.cols()];
        for (int c = 0; c < p.cols(); c++) {
            line[0][c] = (p.edges()[c] + p.edges()[c + 1]) / 2;
            line[1][c] = m[c];
        }
        mean.addSeries("population mean", line);
        XYLineAndShapeRenderer lineRenderer = new XYLineAndShapeRenderer(true, false);
        lineRenderer.setSeriesPaint(0, new Color(0xC0392B));
        lineRenderer.setSeriesStroke(0, new BasicStroke(1.6f));
        XYPlot top = new XYPlot(mean, null, meanAxis, lineRenderer);
        top.addRangeMarker(marker(0, Color.DARK_GRAY, false));
        top.addDomainMarker(marker(0, Color.DARK_GRAY, true));
        style(top);
        plot.add(top, 1);

        int n = p.rows();
        ValueAxis rowAxis = rowAxis(rows, n, first);
        XYPlot map = new XYPlot(cells(p), null, rowAxis, new Cells(p.edges(), colours));
        map.addDomainMarker(marker(0, Color.WHITE, true));
        if (rows.groups() != null && n > MAX_NAMED_ROWS && first) {
            bandNames(map, rows, n, p.edges()[0] + (p.edges()[p.cols()] - p.edges()[0]) * 0.01);
        }
        if (rows.groups() != null) {
            for (int r = 1; r < n; r++) {
                if (!java.util.Objects.equals(rows.groups()[r], rows.groups()[r - 1])) {
                    map.addRangeMarker(marker(r - 0.5, Color.WHITE, false));
                }
            }
        }
        style(map);
        plot.add(map, Math.max(1, Math.round(mapH / (float) MEAN_H)));
        plot.setOrientation(PlotOrientation.VERTICAL);
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.addSubtitle(new TextTitle(p.title(), new Font(Font.SANS_SERIF, Font.PLAIN, 13), Color.BLACK,
                RectangleEdge.TOP, org.jfree.chart.ui.HorizontalAlignment.CENTER, org.jfree.chart.ui.VerticalAlignment.CENTER,
                new RectangleInsets(2, 2, 2, 2)));
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(4, 10, 4, 14)); // room between panels for the edge tick labels
        return chart;
    }

    /** Row 0 at the top; named rows when they are few enough to read, else row numbers (bands named inside the map). */
    private static ValueAxis rowAxis(Rows rows, int n, boolean first) {
        ValueAxis axis;
        if (n <= MAX_NAMED_ROWS) {
            String[] names = new String[n];
            for (int r = 0; r < n; r++) {
                names[r] = label(rows, r);
            }
            SymbolAxis s = new SymbolAxis(first ? rows.axisLabel() : null, names);
            s.setGridBandsVisible(false);
            s.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, n <= 20 ? 11 : 9));
            axis = s;
        } else {
            NumberAxis a = new NumberAxis(first ? rows.axisLabel() + " (row)" : null);
            a.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            axis = a;
        }
        axis.setRange(-0.5, Math.max(0.5, n - 0.5));
        axis.setInverted(true);
        axis.setTickLabelsVisible(first);
        return axis;
    }

    /** Too many rows to name: each group's name at the left of its band, inside the map. */
    private static void bandNames(XYPlot map, Rows rows, int n, double x) {
        int start = 0;
        for (int r = 1; r <= n; r++) {
            if (r == n || !java.util.Objects.equals(rows.groups()[r], rows.groups()[start])) {
                org.jfree.chart.annotations.XYTextAnnotation a = new org.jfree.chart.annotations.XYTextAnnotation(
                        rows.groups()[start] == null ? "(none)" : shorten(rows.groups()[start]), x, (start + r - 1) / 2.0);
                a.setTextAnchor(org.jfree.chart.ui.TextAnchor.CENTER_LEFT);
                a.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
                a.setPaint(Color.BLACK);
                a.setBackgroundPaint(new Color(255, 255, 255, 200));
                map.addAnnotation(a);
                start = r;
            }
        }
    }

    private static String label(Rows rows, int r) {
        String id = rows.labels() != null && rows.labels()[r] != null ? rows.labels()[r] : Integer.toString(r);
        String g = rows.groups() != null ? rows.groups()[r] : null;
        return g == null ? shorten(id) : shorten(g) + " " + shorten(id);
    }

    /**
     * A row or band name that fits the space left of the map: files may hold long locations (e.g. "brain_region:
     * Thalamus; brain_subregion: ..."), which would otherwise squeeze the plot to nothing.
     */
    static String shorten(String name) {
        return name.length() <= MAX_NAME ? name : name.substring(0, MAX_NAME - 1) + "\u2026";
    }

    private static void style(XYPlot p) {
        p.setBackgroundPaint(new Color(0xF4F4F4));
        p.setDomainGridlinesVisible(false);
        p.setRangeGridlinesVisible(false);
        p.setOutlineVisible(false);
        p.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
    }

    private static ValueMarker marker(double at, Color c, boolean dashed) {
        ValueMarker m = new ValueMarker(at, c, dashed
                ? new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {4f, 3f}, 0f)
                : new BasicStroke(1f));
        return m;
    }

    private static PaintScaleLegend legend(PaintScale colours, String valueLabel) {
        NumberAxis axis = new NumberAxis(valueLabel);
        axis.setRange(colours.getLowerBound(), colours.getUpperBound());
        PaintScaleLegend l = new PaintScaleLegend(colours, axis);
        l.setPosition(RectangleEdge.RIGHT);
        l.setAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
        l.setMargin(new RectangleInsets(MEAN_H + 30, 12, 50, 4));
        l.setStripWidth(14);
        l.setSubdivisionCount(256);
        return l;
    }

    /** Per column, the mean of its finite values (NaN when it has none). */
    static double[] means(Panel p) {
        int cols = p.cols();
        double[] sum = new double[cols];
        int[] n = new int[cols];
        double[] v = p.values();
        for (int i = 0; i < v.length; i++) {
            if (Double.isFinite(v[i])) {
                sum[i % cols] += v[i];
                n[i % cols]++;
            }
        }
        for (int c = 0; c < cols; c++) {
            sum[c] = n[c] == 0 ? Double.NaN : sum[c] / n[c];
        }
        return sum;
    }

    /** A mean axis range that includes 0 (the zero line) with a little room; symmetric for signed values. */
    private static double[] range(double lo, double hi, boolean symmetric) {
        if (!(lo <= hi)) {
            return new double[] {-1, 1};
        }
        lo = Math.min(lo, 0);
        hi = Math.max(hi, 0);
        if (symmetric) {
            double a = Math.max(Math.abs(lo), Math.abs(hi));
            lo = -a;
            hi = a;
        }
        double pad = hi > lo ? (hi - lo) * 0.08 : 1;
        return new double[] {lo - (lo < 0 ? pad : 0), hi + pad};
    }

    private static XYDataset cells(Panel p) {
        int cols = p.cols();
        int n = p.values().length;
        double[][] xyz = new double[3][n];
        for (int i = 0; i < n; i++) {
            // the column's centre (JFreeChart skips items it thinks are off the axis); the renderer uses its edges
            xyz[0][i] = (p.edges()[i % cols] + p.edges()[i % cols + 1]) / 2;
            xyz[1][i] = i / cols;
            xyz[2][i] = p.values()[i];
        }
        DefaultXYZDataset d = new DefaultXYZDataset();
        d.addSeries("values", xyz);
        return d;
    }

    /** Heat-map cells between their column's edges, one row high, coloured by the shared scale. */
    private static final class Cells extends AbstractXYItemRenderer {
        private final double[] edges;
        private final PaintScale colours;

        Cells(double[] edges, PaintScale colours) {
            this.edges = edges;
            this.colours = colours;
        }

        @Override
        public void drawItem(Graphics2D g2, XYItemRendererState state, Rectangle2D area, PlotRenderingInfo info, XYPlot plot,
                ValueAxis domain, ValueAxis range, XYDataset dataset, int series, int item,
                org.jfree.chart.plot.CrosshairState crosshair, int pass) {
            int c = item % (edges.length - 1);
            double row = dataset.getYValue(series, item);
            double z = ((DefaultXYZDataset) dataset).getZValue(series, item);
            double x0 = domain.valueToJava2D(edges[c], area, plot.getDomainAxisEdge());
            double x1 = domain.valueToJava2D(edges[c + 1], area, plot.getDomainAxisEdge());
            double y0 = range.valueToJava2D(row - 0.5, area, plot.getRangeAxisEdge());
            double y1 = range.valueToJava2D(row + 0.5, area, plot.getRangeAxisEdge());
            Paint paint = Double.isFinite(z) ? colours.getPaint(z) : NAN;
            g2.setPaint(paint);
            // a hair wider than exact, so neighbouring cells leave no seam of background between them
            g2.fill(new Rectangle2D.Double(Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0) + 0.6, Math.abs(y1 - y0) + 0.6));
        }

        @Override
        public org.jfree.data.Range findDomainBounds(XYDataset dataset) {
            return new org.jfree.data.Range(edges[0], edges[edges.length - 1]);
        }
    }

    private static void drawTitle(Graphics2D g, String title, int width) {
        Font f = TITLE;
        FontMetrics fm = g.getFontMetrics(f);
        while (fm.stringWidth(title) > width - 24 && f.getSize() > 9) { // shrink rather than clip
            f = f.deriveFont((float) f.getSize() - 1);
            fm = g.getFontMetrics(f);
        }
        g.setFont(f);
        g.setColor(Color.BLACK);
        g.drawString(title, 12, 12 + fm.getAscent());
    }

    private static final double[][] VIRIDIS = {
        {68, 1, 84}, {72, 40, 120}, {62, 74, 137}, {49, 104, 142}, {38, 130, 142},
        {31, 158, 137}, {53, 183, 121}, {109, 205, 89}, {180, 222, 44}, {253, 231, 37}};
    /** ColorBrewer RdBu reversed: blue (negative), white (0), red (positive). */
    private static final double[][] RDBU = {
        {5, 48, 97}, {33, 102, 172}, {67, 147, 195}, {146, 197, 222}, {209, 229, 240}, {247, 247, 247},
        {253, 219, 199}, {244, 165, 130}, {214, 96, 77}, {178, 24, 43}, {103, 0, 31}};

    private static PaintScale viridis(double lo, double hi) {
        if (!(lo <= hi)) {
            lo = 0;
            hi = 1;
        }
        return ramp(lo, hi > lo ? hi : lo + 1, VIRIDIS);
    }

    private static PaintScale diverging(double lo, double hi) {
        double a = lo <= hi ? Math.max(Math.abs(lo), Math.abs(hi)) : 1;
        return ramp(-(a > 0 ? a : 1), a > 0 ? a : 1, RDBU);
    }

    private static PaintScale ramp(double lo, double hi, double[][] anchors) {
        // the upper bound itself must map to a colour: LookupPaintScale is half-open at the top
        LookupPaintScale s = new LookupPaintScale(lo, Math.nextUp(hi), NAN);
        int steps = 255; // odd: the middle step is the middle anchor exactly (white at 0 on the diverging map)
        for (int i = 0; i < steps; i++) {
            double t = i / (double) (steps - 1);
            double at = t * (anchors.length - 1);
            int k = Math.min((int) at, anchors.length - 2);
            double f = at - k;
            Color c = new Color((int) Math.round(anchors[k][0] + f * (anchors[k + 1][0] - anchors[k][0])),
                    (int) Math.round(anchors[k][1] + f * (anchors[k + 1][1] - anchors[k][1])),
                    (int) Math.round(anchors[k][2] + f * (anchors[k + 1][2] - anchors[k][2])));
            s.add(lo + (hi - lo) * i / steps, c);
        }
        return s;
    }
}
