package org.ragtime.cli.out;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A PNG of one or more heat maps side by side (rows = units or cells, x = time), each with the mean over
 * rows drawn above it as a line, a shared colour scale (viridis) and a colour bar. Rows may carry group
 * labels (structure, probe) drawn at the left edge with separators between groups. Plain Java2D, headless.
 */
public final class Heatmap {
    /**
     * One panel.
     *
     * @param title  panel title (a condition, a stimulus)
     * @param values row-major {@code rows x cols} values; NaN drawn grey
     * @param rows   number of rows
     * @param x      the x value (time) of each column
     * @param groups per-row group label (consecutive equal labels form a group), or null
     */
    public record Panel(String title, double[] values, int rows, double[] x, String[] groups) {
        /** Number of columns. */
        public int cols() {
            return x.length;
        }
    }

    private static final int PANEL_W = 520;
    private static final int LINE_H = 110;
    private static final int LEFT = 90;
    private static final int GAP = 30;
    private static final int TOP = 46;
    private static final int BAR_W = 80;
    private static final double[][] VIRIDIS = {
        {68, 1, 84}, {72, 40, 120}, {62, 74, 137}, {49, 104, 142}, {38, 130, 142},
        {31, 158, 137}, {53, 183, 121}, {109, 205, 89}, {180, 222, 44}, {253, 231, 37}};

    private Heatmap() {
    }

    /** Renders the panels to {@code png}. */
    public static void write(Path png, String title, String xLabel, String valueLabel, List<Panel> panels) {
        int maxRows = 1;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Panel p : panels) {
            maxRows = Math.max(maxRows, p.rows());
            for (double v : p.values()) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!(lo <= hi)) {
            lo = 0;
            hi = 1;
        } else if (lo == hi) {
            hi = lo + 1;
        }
        int heatH = Math.max(160, Math.min(maxRows * 6, 640));
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 15);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        int titleW = probe.createGraphics().getFontMetrics(titleFont).stringWidth(title);
        int w = Math.max(LEFT + panels.size() * (PANEL_W + GAP) + BAR_W, LEFT + titleW + 20);
        int h = TOP + LINE_H + 20 + heatH + 60;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setFont(titleFont);
        g.drawString(title, LEFT, 20);
        for (int i = 0; i < panels.size(); i++) {
            drawPanel(g, panels.get(i), LEFT + i * (PANEL_W + GAP), heatH, lo, hi, xLabel, valueLabel, i == 0);
        }
        drawColourBar(g, LEFT + panels.size() * (PANEL_W + GAP) + 20, TOP + LINE_H + 20, heatH, lo, hi, valueLabel);
        g.dispose();
        try {
            if (!ImageIO.write(img, "png", png.toFile())) {
                throw new IOException("no PNG writer");
            }
        } catch (IOException e) {
            throw AtomicOutputs.writeFailed(png, e);
        }
    }

    private static void drawPanel(Graphics2D g, Panel p, int x0, int heatH, double lo, double hi,
            String xLabel, String valueLabel, boolean first) {
        int rows = p.rows();
        int cols = p.cols();
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.BLACK);
        g.drawString(p.title(), x0, TOP - 8);
        // mean over rows, ignoring NaN
        double[] mean = new double[cols];
        double mlo = Double.POSITIVE_INFINITY;
        double mhi = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < cols; c++) {
            double s = 0;
            int n = 0;
            for (int r = 0; r < rows; r++) {
                double v = p.values()[r * cols + c];
                if (Double.isFinite(v)) {
                    s += v;
                    n++;
                }
            }
            mean[c] = n == 0 ? Double.NaN : s / n;
            if (n > 0) {
                mlo = Math.min(mlo, mean[c]);
                mhi = Math.max(mhi, mean[c]);
            }
        }
        int ly = TOP;
        g.setColor(new Color(245, 245, 245));
        g.fillRect(x0, ly, PANEL_W, LINE_H);
        if (mlo <= mhi) {
            if (mlo == mhi) {
                mhi = mlo + 1;
            }
            g.setColor(new Color(200, 60, 40));
            g.setStroke(new BasicStroke(1.8f));
            int px = -1;
            int py = -1;
            for (int c = 0; c < cols; c++) {
                if (!Double.isFinite(mean[c])) {
                    px = -1;
                    continue;
                }
                int xx = x0 + (int) Math.round((c + 0.5) * PANEL_W / cols);
                int yy = ly + LINE_H - 4 - (int) Math.round((mean[c] - mlo) / (mhi - mlo) * (LINE_H - 8));
                if (px >= 0) {
                    g.drawLine(px, py, xx, yy);
                }
                px = xx;
                py = yy;
            }
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            g.drawString(fmt(mhi), x0 + 3, ly + 11);
            g.drawString(fmt(mlo), x0 + 3, ly + LINE_H - 3);
            if (first) {
                g.drawString("row mean", x0 - LEFT + 4, ly + LINE_H / 2);
            }
        }
        int hy = TOP + LINE_H + 20;
        for (int r = 0; r < rows; r++) {
            int y1 = hy + (int) ((long) r * heatH / rows);
            int y2 = hy + (int) ((long) (r + 1) * heatH / rows);
            for (int c = 0; c < cols; c++) {
                int x1 = x0 + (int) ((long) c * PANEL_W / cols);
                int x2 = x0 + (int) ((long) (c + 1) * PANEL_W / cols);
                g.setColor(colour(p.values()[r * cols + c], lo, hi));
                g.fillRect(x1, y1, Math.max(1, x2 - x1), Math.max(1, y2 - y1));
            }
        }
        if (rows == 0) {
            g.setColor(Color.GRAY);
            g.drawString("(no rows)", x0 + PANEL_W / 2 - 25, hy + heatH / 2);
        }
        // time zero and x ticks
        double xmin = cols == 0 ? 0 : p.x()[0];
        double xmax = cols == 0 ? 1 : p.x()[cols - 1];
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        for (int t = 0; t <= 4 && cols > 0; t++) {
            int c = (int) Math.round(t * (cols - 1) / 4.0);
            int xx = x0 + (int) Math.round((c + 0.5) * PANEL_W / cols);
            g.setColor(Color.BLACK);
            g.drawLine(xx, hy + heatH, xx, hy + heatH + 4);
            g.drawString(fmt(p.x()[c]), xx - 12, hy + heatH + 16);
        }
        if (cols > 1 && xmin < 0 && xmax > 0) {
            int zc = 0;
            while (zc < cols - 1 && p.x()[zc + 1] <= 0) {
                zc++;
            }
            int xx = x0 + (int) Math.round((zc + 0.5) * PANEL_W / cols);
            g.setColor(Color.WHITE);
            g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {4f, 4f}, 0f));
            g.drawLine(xx, hy, xx, hy + heatH);
            g.drawLine(xx, ly, xx, ly + LINE_H);
            g.setStroke(new BasicStroke(1f));
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString(xLabel, x0 + PANEL_W / 2 - 40, hy + heatH + 34);
        // group labels and separators
        if (p.groups() != null && first) {
            int start = 0;
            for (int r = 1; r <= rows; r++) {
                if (r == rows || !java.util.Objects.equals(p.groups()[r], p.groups()[start])) {
                    int y1 = hy + (int) ((long) start * heatH / rows);
                    int y2 = hy + (int) ((long) r * heatH / rows);
                    g.setColor(Color.BLACK);
                    String label = p.groups()[start] == null ? "(none)" : p.groups()[start];
                    if (y2 - y1 >= 10) {
                        g.drawString(label, x0 - LEFT + 4, (y1 + y2) / 2 + 4);
                    }
                    g.drawLine(x0 - 6, y2, x0, y2);
                    start = r;
                }
            }
        }
        if (p.groups() != null) {
            g.setColor(new Color(255, 255, 255, 150));
            for (int r = 1; r < rows; r++) {
                if (!java.util.Objects.equals(p.groups()[r], p.groups()[r - 1])) {
                    int y = hy + (int) ((long) r * heatH / rows);
                    g.drawLine(x0, y, x0 + PANEL_W, y);
                }
            }
        }
    }

    private static void drawColourBar(Graphics2D g, int x, int y, int hgt, double lo, double hi, String label) {
        for (int i = 0; i < hgt; i++) {
            g.setColor(colour(hi - (hi - lo) * i / (hgt - 1.0), lo, hi));
            g.fillRect(x, y + i, 14, 1);
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        g.drawString(fmt(hi), x + 17, y + 8);
        g.drawString(fmt(lo), x + 17, y + hgt);
        g.drawString(label, x - 4, y - 6);
    }

    private static Color colour(double v, double lo, double hi) {
        if (!Double.isFinite(v)) {
            return new Color(190, 190, 190);
        }
        double f = Math.max(0, Math.min(1, (v - lo) / (hi - lo))) * (VIRIDIS.length - 1);
        int i = Math.min((int) f, VIRIDIS.length - 2);
        double t = f - i;
        double[] a = VIRIDIS[i];
        double[] b = VIRIDIS[i + 1];
        return new Color((int) (a[0] + t * (b[0] - a[0])), (int) (a[1] + t * (b[1] - a[1])), (int) (a[2] + t * (b[2] - a[2])));
    }

    private static String fmt(double v) {
        return Math.abs(v) >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.3g", v);
    }
}
