package org.ragtime.synth;

import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableDataset;
import io.jhdf.api.WritableGroup;
import io.jhdf.api.WritableNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes hdmf/NWB typed objects (DynamicTable, VectorData, VectorIndex, ElementIdentifiers) with
 * the attributes pynwb gives them, through jhdf's writer. Object ids come from one seeded stream
 * so the whole file is reproducible.
 */
final class Hdmf {
    private final SplittableRandom ids;
    private final SyntheticSession.IndexType indexType;

    Hdmf(long seed, SyntheticSession.IndexType indexType) {
        this.ids = Seeds.stream(seed, Seeds.OBJECT_IDS, 0);
        this.indexType = indexType;
    }

    /** Stamps neurodata_type, namespace and a reproducible object_id on a node. */
    <N extends WritableNode> N typed(N node, String namespace, String type) {
        node.putAttribute("namespace", namespace);
        node.putAttribute("neurodata_type", type);
        node.putAttribute("object_id", Seeds.uuid(ids));
        return node;
    }

    /** A DynamicTable (or subtype) group; columns are added with the methods below, colnames set by {@link Table#close}. */
    Table table(WritableGroup parent, String name, String namespace, String type, String description) {
        WritableGroup g = parent.putGroup(name);
        g.putAttribute("description", description);
        typed(g, namespace, type);
        return new Table(g);
    }

    /** One DynamicTable being written: keeps the column order for {@code colnames}. */
    final class Table {
        final WritableGroup group;
        private final List<String> colnames = new ArrayList<>();

        private Table(WritableGroup group) {
            this.group = group;
        }

        void ids(long[] ids) {
            typed(group.putDataset("id", ids), "hdmf-common", "ElementIdentifiers");
        }

        /** A VectorData column; {@code data} is a Java array jhdf can write (double[], long[], String[], boolean[]). */
        WritableDataset column(String name, Object data, String description) {
            colnames.add(name);
            return vectorData(name, data, description);
        }

        /** A ragged column: flat data plus its VectorIndex of exclusive row ends. */
        void raggedColumn(String name, Object data, long[] ends, String description) {
            colnames.add(name);
            vectorData(name, data, description);
            WritableDataset index = putIndex(group, name + "_index", ends);
            index.putAttribute("description", "Index for VectorData '" + name + "'");
            typed(index, "hdmf-common", "VectorIndex");
            // hdmf also stores a 'target' object reference here; jhdf 0.13 cannot write references.
        }

        private WritableDataset vectorData(String name, Object data, String description) {
            WritableDataset d = put(group, name, data);
            d.putAttribute("description", description);
            return typed(d, "hdmf-common", "VectorData");
        }

        void close() {
            group.putAttribute("colnames", colnames.toArray(String[]::new));
        }
    }

    /**
     * Puts an array dataset: float64 and boolean arrays through {@link ContiguousData} (streamed;
     * booleans as h5py's enum), everything else through jhdf's own writer.
     */
    static WritableDataset put(WritableGroup group, String name, Object data) {
        return switch (data) {
            case double[] v -> ContiguousData.doubles(group, name, v);
            case boolean[] v -> ContiguousData.booleans(group, name, v);
            default -> group.putDataset(name, data);
        };
    }

    /** Writes an index in the configured integer type (hdmf's unsigned choice or VC-era int64). */
    WritableDataset putIndex(WritableGroup group, String name, long[] ends) {
        long last = ends.length == 0 ? 0 : ends[ends.length - 1];
        SyntheticSession.IndexType t = indexType.resolve(last);
        DatasetCreationOptions unsigned = DatasetCreationOptions.builder().unsigned().build();
        return switch (t) {
            case INT64 -> group.putDataset(name, ends);
            case UINT64 -> group.putDataset(name, ends, unsigned);
            case UINT32 -> {
                int[] v = new int[ends.length];
                for (int i = 0; i < v.length; i++) v[i] = (int) ends[i]; // bit pattern of the unsigned value
                yield group.putDataset(name, v, unsigned);
            }
            case UINT16 -> {
                short[] v = new short[ends.length];
                for (int i = 0; i < v.length; i++) v[i] = (short) ends[i];
                yield group.putDataset(name, v, unsigned);
            }
            case UINT8 -> {
                byte[] v = new byte[ends.length];
                for (int i = 0; i < v.length; i++) v[i] = (byte) ends[i];
                yield group.putDataset(name, v, unsigned);
            }
            case SMALLEST -> throw new AssertionError("resolved above");
        };
    }
}
