package org.ragtime.synth;

import io.jhdf.ObjectHeader;
import io.jhdf.Superblock;
import io.jhdf.WritableGroupImpl;
import io.jhdf.api.WritableDataset;
import io.jhdf.api.WritableGroup;
import io.jhdf.storage.HdfFileChannel;
import io.jhdf.object.message.AttributeInfoMessage;
import io.jhdf.object.message.AttributeMessage;
import io.jhdf.object.message.GroupInfoMessage;
import io.jhdf.object.message.LinkInfoMessage;
import io.jhdf.object.message.LinkMessage;
import io.jhdf.object.message.Message;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

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
        return leafGroup(parent, name, Map.of());
    }

    /**
     * A group whose only links are soft links ({@code name -> absolute target path}), e.g. an electrode group's
     * {@code device} link to {@code /general/devices/probeA} as pynwb writes it; jhdf 0.13.0 writes no links.
     * Written as jhdf writes a group (group info, link info, then one link message per link, compact
     * storage, attributes after), safe to be written last.
     */
    static WritableGroup leafGroup(WritableGroup parent, String name, Map<String, String> softLinks) {
        WritableGroupImpl group = new WritableGroupImpl(parent, name);
        // jhdf writes any WritableDataset handed to putDataset by calling its write(); only write,
        // and the node methods used in log messages, are ever called on it.
        WritableDataset node = (WritableDataset) Proxy.newProxyInstance(JhdfGaps.class.getClassLoader(),
                new Class<?>[] {WritableDataset.class}, (proxy, method, args) -> {
                    if (method.getName().equals("write")) {
                        HdfFileChannel channel = (HdfFileChannel) args[0];
                        long end = softLinks.isEmpty() ? group.write(channel, (Long) args[1])
                                : writeWithLinks(group, softLinks, channel, (Long) args[1]);
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

    private static long writeWithLinks(WritableGroupImpl group, Map<String, String> softLinks, HdfFileChannel channel,
            long position) {
        List<Message> messages = new ArrayList<>();
        messages.add(GroupInfoMessage.createBasic());
        messages.add(LinkInfoMessage.createBasic());
        softLinks.forEach((link, target) -> messages.add(softLink(link, target)));
        if (!group.getAttributes().isEmpty()) {
            messages.add(AttributeInfoMessage.create());
            group.getAttributes().forEach((k, v) -> messages.add(AttributeMessage.create(k, v)));
        }
        ByteBuffer header = new ObjectHeader.ObjectHeaderV2(position, messages).toBuffer();
        channel.write(header, position);
        return position + header.limit();
    }

    /**
     * A soft link message (HDF5 link message version 1, link type present, 1-byte name length, type 1 = soft,
     * 2-byte target length), parsed by jhdf's own LinkMessage, whose toBuffer writes soft links back but which
     * has no public way to make one.
     */
    static LinkMessage softLink(String name, String target) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] t = target.getBytes(StandardCharsets.US_ASCII);
        if (n.length > 255 || t.length > 65535) {
            throw new IllegalArgumentException("link name or target too long: " + name + " -> " + target);
        }
        ByteBuffer b = ByteBuffer.allocate(4 + n.length + 2 + t.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 1).put((byte) 0x08).put((byte) 1).put((byte) n.length).put(n).putShort((short) t.length).put(t);
        b.flip();
        try {
            Constructor<LinkMessage> c = LinkMessage.class.getDeclaredConstructor(ByteBuffer.class, Superblock.class,
                    BitSet.class);
            c.setAccessible(true);
            return c.newInstance(b, null, new BitSet()); // no superblock: only hard links read an address
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("jhdf 0.13.0's LinkMessage(ByteBuffer, Superblock, BitSet) is needed", e);
        }
    }
}
