package org.ragtime.io;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * An ophys trace series found in the file (RoiResponseSeries and its subtypes, e.g. in DfOverF,
 * Fluorescence, AllenSDK's {@code dff/traces} or {@code event_detection}): where its data are, how they
 * are laid out and how its samples are timed. Read its values with {@link Session#array(String)} on
 * {@link #dataPath()}.
 *
 * @param path          HDF5 path of the series group
 * @param neurodataType its {@code neurodata_type} attribute ("" if absent)
 * @param shape         shape of {@code data}
 * @param orientation   which axis of {@code data} is time
 * @param timestamps    path of the timestamps dataset (soft links followed), if the series has one
 * @param startingTime  {@code starting_time} when the series is regularly sampled instead
 * @param rate          sampling rate (Hz, the {@code rate} attribute of {@code starting_time})
 * @param roisTable     path of the table (PlaneSegmentation) that {@code rois} indexes
 * @param roiCount      number of ROIs ({@code rois} length)
 */
public record TraceInfo(String path, String neurodataType, long[] shape, Orientation orientation,
        Optional<String> timestamps, OptionalDouble startingTime, OptionalDouble rate, String roisTable, long roiCount) {

    /** Which axis of the data is time. NWB prescribes TIME_MAJOR (time, rois); some writers store the transpose. */
    public enum Orientation {
        /** {@code data[t][roi]}. */
        TIME_MAJOR,
        /** {@code data[roi][t]}. */
        ROI_MAJOR;

        /**
         * The layout of data of {@code shape} for {@code samples} time points ({@code -1} if unknown, e.g. a
         * rate-sampled series) and {@code rois} ROIs; NWB's (time, rois) wins when both fit (square data);
         * null when neither fits.
         */
        static Orientation detect(long[] shape, long samples, long rois) {
            if (shape.length == 1) {
                return rois == 1 && (samples < 0 || samples == shape[0]) ? TIME_MAJOR : null;
            }
            if (shape.length != 2) {
                return null;
            }
            if ((samples < 0 || shape[0] == samples) && shape[1] == rois) {
                return TIME_MAJOR;
            }
            if ((samples < 0 || shape[1] == samples) && shape[0] == rois) {
                return ROI_MAJOR;
            }
            return null;
        }
    }

    /** Copies {@code shape}. */
    public TraceInfo {
        shape = shape.clone();
    }

    /** {@link #shape()} returns a copy. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** HDF5 path of the data dataset. */
    public String dataPath() {
        return path + "/data";
    }

    /** Number of samples in time. */
    public long sampleCount() {
        return shape.length == 0 ? 0 : orientation == Orientation.TIME_MAJOR ? shape[0] : shape[shape.length - 1];
    }
}
