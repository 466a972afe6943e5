package org.ragtime.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The stimulus presentations of a session: onsets every {@code period} seconds, split into one
 * contiguous block per stimulus name (in the configured order), each presentation showing one
 * condition (a combination of parameter values) drawn from a seeded stream, so conditions repeat.
 */
final class Stimuli {
    /** One parameter column of a stimulus and the values its conditions take. */
    record Parameter(String column, String description, double[] values) {}

    /** One {@code /intervals/<name>_presentations} table. */
    record Table(String name, int block, int stimulusIndex, double[] start, double[] stop, List<Parameter> parameters,
                 double[][] columns) {
        int rows() {
            return start.length;
        }
    }

    private Stimuli() {}

    static List<Table> tables(SyntheticSession.Config c) {
        List<String> names = c.stimuli();
        List<Table> tables = new ArrayList<>(names.size());
        int first = 0;
        for (int b = 0; b < names.size(); b++) {
            int rows = c.presentations() / names.size() + (b < c.presentations() % names.size() ? 1 : 0);
            String name = names.get(b);
            List<Parameter> params = parameters(name);
            double[] start = new double[rows], stop = new double[rows];
            double[][] columns = new double[params.size()][rows];
            SplittableRandom rng = Seeds.stream(c.seed(), Seeds.CONDITIONS, b);
            int conditions = 1;
            for (Parameter p : params) conditions *= p.values().length;
            for (int i = 0; i < rows; i++) {
                // computed, not accumulated, so onsets are exact multiples of the period
                start[i] = c.firstOnsetSeconds() + (first + i) * c.periodSeconds();
                stop[i] = start[i] + c.onSeconds();
                int condition = rng.nextInt(conditions);
                for (int k = 0; k < params.size(); k++) {
                    double[] v = params.get(k).values();
                    columns[k][i] = v[condition % v.length];
                    condition /= v.length;
                }
            }
            tables.add(new Table(name, b, b, start, stop, params, columns));
            first += rows;
        }
        return tables;
    }

    /** Parameter columns in the manner of the Visual Coding stimuli (float64 in the NWB file). */
    static List<Parameter> parameters(String stimulus) {
        return switch (stimulus) {
            case "drifting_gratings" -> List.of(
                    new Parameter("temporal_frequency", "Temporal frequency of stimulus", new double[] {1, 2, 4, 8, 15}),
                    new Parameter("orientation", "Orientation of stimulus", steps(0, 45, 8)),
                    new Parameter("contrast", "Contrast of stimulus", new double[] {0.8}));
            case "static_gratings" -> List.of(
                    new Parameter("orientation", "Orientation of stimulus", steps(0, 30, 6)),
                    new Parameter("spatial_frequency", "Spatial frequency of stimulus", new double[] {0.02, 0.04, 0.08, 0.16, 0.32}),
                    new Parameter("phase", "Phase of grating stimulus", new double[] {0, 0.25, 0.5, 0.75}),
                    new Parameter("contrast", "Contrast of stimulus", new double[] {0.8}));
            case "flashes" -> List.of(
                    new Parameter("color", "Color of stimulus", new double[] {-1, 1}),
                    new Parameter("contrast", "Contrast of stimulus", new double[] {0.8}));
            case "natural_scenes" -> List.of(
                    new Parameter("frame", "Frame of image stimulus", steps(-1, 1, 119)));
            case "gabors" -> List.of(
                    new Parameter("orientation", "Orientation of stimulus", steps(0, 45, 3)),
                    new Parameter("x_position", "Horizontal position of stimulus", steps(-30, 10, 9)),
                    new Parameter("y_position", "Vertical position of stimulus", steps(-30, 10, 9)));
            default -> List.of(
                    new Parameter("orientation", "Orientation of stimulus", steps(0, 45, 4)),
                    new Parameter("contrast", "Contrast of stimulus", new double[] {0.8, 1.0}));
        };
    }

    private static double[] steps(double first, double step, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = first + i * step;
        return v;
    }
}
