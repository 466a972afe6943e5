package org.ragtime.synth;

import io.jhdf.AbstractWritableNode;
import io.jhdf.api.Group;
import io.jhdf.api.NodeType;
import io.jhdf.api.WritableDataset;
import io.jhdf.filter.PipelineFilterWithData;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.message.AttributeInfoMessage;
import io.jhdf.object.message.AttributeMessage;
import io.jhdf.object.message.DataLayout;
import io.jhdf.object.message.DataLayoutMessage.ContiguousDataLayoutMessage;
import io.jhdf.object.message.DataSpace;
import io.jhdf.object.message.DataSpaceMessage;
import io.jhdf.object.message.DataTypeMessage;
import io.jhdf.object.message.FillValueMessage;
import io.jhdf.object.message.Message;
import io.jhdf.ObjectHeader;
import io.jhdf.storage.HdfBackingStorage;
import io.jhdf.storage.HdfFileChannel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A contiguous, unfiltered 1-D dataset written by us rather than by jhdf's
 * {@code WritableDatasetImpl}, for two things that class cannot do (see docs/synth.md):
 * booleans as h5py writes them (an HDF5 enum {FALSE=0, TRUE=1} over int8; jhdf writes an 8-bit
 * bitfield) and large float64 data streamed to the file in blocks (jhdf first copies the whole
 * array into one heap buffer, which the JDK copies again into a temporary direct buffer).
 * Object header and messages are jhdf's own public classes.
 */
final class ContiguousData extends AbstractWritableNode implements WritableDataset {
    private static final int BLOCK = 1 << 23; // 8 MiB write buffer

    private final DataType type;
    private final long length;
    private final Object data;

    private ContiguousData(Group parent, String name, DataType type, long length, Object data) {
        super(parent, name);
        this.type = type;
        this.length = length;
        this.data = data;
    }

    /** Puts {@code values} into {@code parent} as a float64 dataset written in blocks. */
    static ContiguousData doubles(io.jhdf.api.WritableGroup parent, String name, double[] values) {
        ContiguousData d = new ContiguousData(parent, name, FloatingPoint.DOUBLE, values.length, values);
        parent.putDataset(name, d);
        return d;
    }

    /** Puts {@code values} into {@code parent} as h5py's boolean: enum {FALSE=0, TRUE=1} over int8. */
    static ContiguousData booleans(io.jhdf.api.WritableGroup parent, String name, boolean[] values) {
        ContiguousData d = new ContiguousData(parent, name, new BoolEnum(), values.length, values);
        parent.putDataset(name, d);
        return d;
    }

    @Override
    public long write(HdfFileChannel channel, long position) {
        List<Message> messages = new ArrayList<>();
        messages.add(DataTypeMessage.create(type));
        // a one-element space from jhdf, resized: avoids building a Java array of the real size
        messages.add(DataSpaceMessage.create(DataSpace.modifyDimensions(DataSpace.fromObject(new byte[1]), new long[] {length})));
        messages.add(FillValueMessage.NO_FILL);
        int layout = messages.size();
        long bytes = getSizeInBytes();
        messages.add(ContiguousDataLayoutMessage.create(Long.MAX_VALUE, bytes)); // same encoded size as the real one
        if (!getAttributes().isEmpty()) {
            messages.add(AttributeInfoMessage.create());
            getAttributes().forEach((k, v) -> messages.add(AttributeMessage.create(k, v)));
        }
        long address = position + new ObjectHeader.ObjectHeaderV2(position, messages).toBuffer().limit();
        messages.set(layout, ContiguousDataLayoutMessage.create(address, bytes));
        channel.write(new ObjectHeader.ObjectHeaderV2(position, messages).toBuffer(), position);
        writeData(channel, address);
        long end = address + bytes;
        channel.position(end); // jhdf appends its trailer at the channel position (JhdfGaps)
        return end;
    }

    private void writeData(HdfFileChannel channel, long address) {
        ByteBuffer buffer = ByteBuffer.allocateDirect((int) Math.min(BLOCK, Math.max(8, getSizeInBytes())))
                .order(ByteOrder.LITTLE_ENDIAN);
        long at = address;
        int n = Math.toIntExact(length);
        for (int i = 0; i < n; ) {
            buffer.clear();
            if (data instanceof double[] d) {
                int m = Math.min(n - i, buffer.capacity() / 8);
                buffer.asDoubleBuffer().put(d, i, m);
                buffer.limit(m * 8);
                i += m;
            } else {
                boolean[] b = (boolean[]) data;
                int m = Math.min(n - i, buffer.capacity());
                for (int k = 0; k < m; k++) buffer.put(b[i + k] ? (byte) 1 : (byte) 0);
                buffer.flip();
                i += m;
            }
            while (buffer.hasRemaining()) at += channel.write(buffer, at);
        }
    }

    /** HDF5 enum {FALSE=0, TRUE=1} over a signed 8-bit integer: what h5py writes for numpy bool. */
    static final class BoolEnum extends DataType {
        BoolEnum() {
            super(8, 1);
            classBits.set(1); // number of members = 2 in bits 0-15
        }

        @Override
        public ByteBuffer toBuffer() {
            ByteBuffer base = new FixedPoint(1, true).toBuffer();
            ByteBuffer b = ByteBuffer.allocate(8 + base.remaining() + 16 + 2).order(ByteOrder.LITTLE_ENDIAN);
            b.put((byte) (8 | 1 << 4)); // class 8 (enum), version 1
            b.put((byte) 2).put((byte) 0).put((byte) 0); // 2 members
            b.putInt(1); // size in bytes
            b.put(base);
            b.put(padded("FALSE")).put(padded("TRUE")); // version 1: names null-terminated, padded to 8
            b.put((byte) 0).put((byte) 1);
            return b.flip();
        }

        private static byte[] padded(String name) {
            return java.util.Arrays.copyOf(name.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 8);
        }

        @Override
        public Class<?> getJavaType() {
            return boolean.class;
        }

        @Override
        public Object fillData(ByteBuffer buffer, int[] dimensions, HdfBackingStorage storage) {
            throw new UnsupportedOperationException("write-only data type");
        }
    }

    // The rest of Dataset: plain facts about a 1-D contiguous dataset that is only ever written.
    @Override public long getSize() { return length; }
    @Override public long getSizeInBytes() { return length * type.getSize(); }
    @Override public long getStorageInBytes() { return getSizeInBytes(); }
    @Override public int[] getDimensions() { return new int[] {Math.toIntExact(length)}; }
    @Override public long[] getDimensionsAsLong() { return new long[] {length}; }
    @Override public boolean isScalar() { return false; }
    @Override public boolean isEmpty() { return length == 0; }
    @Override public boolean isCompound() { return false; }
    @Override public boolean isVariableLength() { return false; }
    @Override public long[] getMaxSize() { return getDimensionsAsLong(); }
    @Override public DataLayout getDataLayout() { return DataLayout.CONTIGUOUS; }
    @Override public Object getData() { return data; }
    @Override public Object getDataFlat() { return data; }
    @Override public Object getData(long[] offset, int[] shape) { throw new UnsupportedOperationException("write-only"); }
    @Override public Class<?> getJavaType() { return type.getJavaType(); }
    @Override public DataType getDataType() { return type; }
    @Override public Object getFillValue() { return null; }
    @Override public List<PipelineFilterWithData> getFilters() { return List.of(); }
    @Override public NodeType getType() { return NodeType.DATASET; }
    @Override public boolean isGroup() { return false; }
    @Override public long getAddress() { throw new UnsupportedOperationException("address known only once written"); }
    @Override public boolean isLink() { return false; }
    @Override public boolean isAttributeCreationOrderTracked() { return false; }
}
