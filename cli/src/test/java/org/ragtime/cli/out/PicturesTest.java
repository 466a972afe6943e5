package org.ragtime.cli.out;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pictures' colour scales, shared across panels, and the population mean, read back from the PNG's pixels. */
class PicturesTest {
    private static final int RED_END = rgb(103, 0, 31);
    private static final int BLUE_END = rgb(5, 48, 97);
    private static final int WHITE_MID = rgb(247, 247, 247);
    private static final int VIRIDIS_LOW = rgb(68, 1, 84);
    private static final int VIRIDIS_HIGH = rgb(253, 231, 37);
    private static final int NAN_GREY = rgb(0xBD, 0xBD, 0xBD);

    @TempDir
    Path dir;

    @Test
    void divergingScaleIsCentredOnZeroAndSharedAcrossPanels() throws Exception {
        double[] edges = {-0.5, 0, 0.5, 1.0};
        // panel a stays within +-1, panel b reaches +-2: only b may show the scale's ends
        Pictures.Panel a = new Pictures.Panel("a", new double[] {-1, 0, 1, 0.5, 0, -0.5}, edges);
        Pictures.Panel b = new Pictures.Panel("b", new double[] {-2, 0, 2, 1, 0, -1}, edges);
        Path png = dir.resolve("d.png");
        Pictures.write(png, "t", "time (s)", "dF/F", Pictures.Scale.DIVERGING,
                new Pictures.Rows("cell", new String[] {"7", "8"}, null), List.of(a, b));
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(2 * 560 + 110, img.getWidth());
        int half = 560;
        assertTrue(has(img, half, img.getWidth() - 110, RED_END), "b's +2 is the top of the shared scale");
        assertTrue(has(img, half, img.getWidth() - 110, BLUE_END), "b's -2 is the bottom");
        assertFalse(has(img, 0, half, RED_END), "a's +1 is not the top of the scale: the panels share it");
        assertFalse(has(img, 0, half, BLUE_END));
        assertTrue(has(img, 0, half, WHITE_MID), "0 is the white middle");
    }

    @Test
    void sequentialScaleSpansTheValuesAndNanIsGrey() throws Exception {
        double[] edges = {0, 0.1, 0.3}; // non-uniform bins
        Pictures.Panel p = new Pictures.Panel("s", new double[] {0, 5, Double.NaN, 10}, edges);
        Path png = dir.resolve("s.png");
        Pictures.write(png, "title", "time from onset (s)", "spikes/s", Pictures.Scale.SEQUENTIAL,
                new Pictures.Rows("unit", new String[] {"1", "2"}, new String[] {"VISp", "CA1"}), List.of(p));
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(has(img, 0, 560, VIRIDIS_LOW));
        assertTrue(has(img, 0, 560, VIRIDIS_HIGH));
        assertTrue(has(img, 0, 560, NAN_GREY));
    }

    @Test
    void longRowNamesDoNotSqueezeTheMap() throws Exception {
        // a real file's electrodes location: "brain_region: Thalamus; brain_subregion: N/A; ..." as the structure
        String place = "brain_region: Thalamus; brain_subregion: N/A; cortical_layer: N/A; hemisphere: left; coordinate_ref: bregma";
        Pictures.Panel p = new Pictures.Panel("p", new double[] {0, 10, 5, 2}, new double[] {0, 0.1, 0.2});
        Path png = dir.resolve("long.png");
        Pictures.write(png, "t", "time (s)", "spikes/s", Pictures.Scale.SEQUENTIAL,
                new Pictures.Rows("unit", new String[] {"1", "2"}, new String[] {place, place}), List.of(p));
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(has(img, 0, 560, VIRIDIS_LOW) && has(img, 0, 560, VIRIDIS_HIGH), "the cells are drawn");
        assertEquals("brain_region: T\u2026", Pictures.shorten(place));
    }

    @Test
    void theMeanLeavesNanOut() {
        Pictures.Panel p = new Pictures.Panel("m", new double[] {1, Double.NaN, 3, Double.NaN, 5, Double.NaN}, new double[] {0, 1, 2});
        assertArrayEquals(new double[] {3, Double.NaN}, Pictures.means(p));
    }

    @Test
    void manyRowsAreDrawnWithBandsAndNoError() throws Exception {
        int rows = 300;
        double[] v = new double[rows * 3];
        String[] groups = new String[rows];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % 7;
        }
        for (int r = 0; r < rows; r++) {
            groups[r] = r < 100 ? "CA1" : r < 250 ? "VISp" : null;
        }
        Path png = dir.resolve("m.png");
        Pictures.write(png, "many", "time (s)", "spikes/s", Pictures.Scale.SEQUENTIAL, new Pictures.Rows("unit", null, groups),
                List.of(new Pictures.Panel("p", v, new double[] {0, 1, 2, 3})));
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(img.getHeight() > rows * 3, "rows keep a readable height");
    }

    private static boolean has(BufferedImage img, int x0, int x1, int rgb) {
        for (int x = x0; x < x1; x++) {
            for (int y = 0; y < img.getHeight(); y++) {
                if ((img.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int rgb(int r, int g, int b) {
        return (r << 16) | (g << 8) | b;
    }
}
