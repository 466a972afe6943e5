package org.ragtime.io.synth;

import io.jhdf.WritableGroupImpl;
import io.jhdf.api.WritableDataset;
import io.jhdf.api.WritableGroup;
import io.jhdf.storage.HdfFileChannel;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * Work-arounds for jhdf 0.13.0 writer defects (see docs/synth.md).
 *
 * <p>Leaf groups: when closing, jhdf appends its "_jHDF" info string at the channel's current
 * position instead of at the end of the file. Datasets leave the position at their end, but groups
 * are written with positioned writes that leave it alone, so a group with no children that happens
 * to be written last (children are written in ConcurrentHashMap order) gets its object header
 * overwritten and the file is unreadable. {@link #leafGroup} writes such a group through a wrapper
 * that moves the position to the group's end after writing it.
 */
final class JhdfGaps {
    private JhdfGaps() {}

    /** A childless group (attributes only) that is safe to be written last. */
    static WritableGroup leafGroup(WritableGroup parent, String name) {
        WritableGroupImpl group = new WritableGroupImpl(parent, name);
        // jhdf writes any WritableDataset handed to putDataset by calling its write(); only write,
        // and the node methods used in log messages, are ever called on it.
        WritableDataset node = (WritableDataset) Proxy.newProxyInstance(JhdfGaps.class.getClassLoader(),
                new Class<?>[] {WritableDataset.class}, (proxy, method, args) -> {
                    if (method.getName().equals("write")) {
                        HdfFileChannel channel = (HdfFileChannel) args[0];
                        long end = group.write(channel, (Long) args[1]);
                        channel.position(end);
                        return end;
                    }
                    if (method.getDeclaringClass() == Object.class) {
                        return switch (method.getName()) {
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> "leaf group " + group.getPath();
                        };
                    }
                    try {
                        return method.invoke(group, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        parent.putDataset(name, node);
        return group;
    }
}
