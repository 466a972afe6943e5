package org.ragtime.io;

import io.jhdf.HdfFile;
import io.jhdf.Superblock;
import io.jhdf.exceptions.HdfException;
import io.jhdf.storage.HdfBackingStorage;
import io.jhdf.storage.HdfFileChannel;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Optional;

/**
 * jhdf's file access with every read checked against the file size before jhdf allocates for it. jhdf
 * sizes its buffers from lengths it reads in the file (an object header's size, a heap's, a B-tree
 * node's) and allocates before it reads, so one damaged length field of 2^31-1 was an OutOfMemoryError.
 * Here such a read is refused as an {@link HdfException} (which {@link Hdf5File#guard} turns into the
 * one-line error for the path being read) before any buffer exists.
 *
 * <p>jhdf 0.13.0 builds an {@link HdfFile} over a backing storage only through a private constructor;
 * it is called reflectively, and the file's name is set as jhdf's own constructor sets it (jhdf is on the
 * class path, pinned exactly in the root pom).
 */
final class CheckedStorage implements HdfBackingStorage {
    private final HdfFileChannel delegate;
    private final long fileSize;
    private final long base;

    private CheckedStorage(FileChannel channel, Superblock superblock, long fileSize) {
        this.delegate = new HdfFileChannel(channel, superblock);
        this.fileSize = fileSize;
        this.base = superblock.getBaseAddressByte();
    }

    /** jhdf's view of the file open on {@code channel} (which the returned file closes). */
    static HdfFile open(Path file, FileChannel channel, Superblock superblock, long fileSize) {
        CheckedStorage storage = new CheckedStorage(channel, superblock, fileSize);
        try {
            Constructor<HdfFile> c = HdfFile.class.getDeclaredConstructor(HdfBackingStorage.class);
            c.setAccessible(true);
            HdfFile hdf = c.newInstance(storage);
            // that constructor leaves the file unnamed, and jhdf names it in its exceptions (a missing path)
            Field name = HdfFile.class.getDeclaredField("optionalFile");
            name.setAccessible(true);
            name.set(hdf, Optional.of(file));
            return hdf;
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("jhdf has no HdfFile(HdfBackingStorage) constructor: is jhdf 0.13.0 on the"
                    + " class path?", e);
        }
    }

    private void check(long absolute, long length) {
        if (length < 0 || absolute < 0 || absolute > fileSize || length > fileSize - absolute) {
            throw new HdfException("a structure of " + length + " bytes at byte " + absolute
                    + " would lie beyond the end of the file (" + fileSize + " bytes)");
        }
    }

    @Override
    public ByteBuffer readBufferFromAddress(long address, int length) {
        check(address < 0 ? -1 : address + base, length);
        return delegate.readBufferFromAddress(address, length);
    }

    @Override
    public ByteBuffer map(long address, long length) {
        check(address < 0 ? -1 : address + base, length);
        return delegate.map(address, length);
    }

    @Override
    public ByteBuffer mapNoOffset(long address, long length) {
        check(address, length);
        return delegate.mapNoOffset(address, length);
    }

    @Override
    public long getUserBlockSize() {
        return delegate.getUserBlockSize();
    }

    @Override
    public Superblock getSuperblock() {
        return delegate.getSuperblock();
    }

    @Override
    public FileChannel getFileChannel() {
        return delegate.getFileChannel();
    }

    @Override
    public int getSizeOfOffsets() {
        return delegate.getSizeOfOffsets();
    }

    @Override
    public int getSizeOfLengths() {
        return delegate.getSizeOfLengths();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public long size() {
        return delegate.size();
    }

    @Override
    public boolean inMemory() {
        return false;
    }
}
