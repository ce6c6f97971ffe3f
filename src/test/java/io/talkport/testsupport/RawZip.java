package io.talkport.testsupport;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes a zip byte for byte as a given tool would: raw name bytes in any code page, the UTF-8 flag on or off, the
 * host system (FAT or Unix), an Info-ZIP Unicode Path extra field, duplicate names, backslashes. Zip libraries
 * normalise such things away, so this writes the headers itself (APPNOTE 6.3.10 sections 4.3.7, 4.3.12, 4.3.16;
 * entries are stored, not deflated, which every reader accepts).
 */
public final class RawZip {

    /** Windows tools and code pages. */
    public static final Charset CP437 = Charset.forName("IBM437");
    public static final Charset CP866 = Charset.forName("IBM866");

    private static final int HOST_FAT = 0;
    private static final int HOST_UNIX = 3;

    private record Entry(byte[] name, boolean utf8Flag, int host, byte[] extra, byte[] data) {
    }

    private final List<Entry> entries = new ArrayList<>();

    public static RawZip create() {
        return new RawZip();
    }

    /** A UTF-8 name with the UTF-8 flag, as Info-ZIP 3, 7-Zip and Windows 11 write non-ASCII names. */
    public RawZip utf8(String name, String content) {
        return add(name.getBytes(StandardCharsets.UTF_8), true, HOST_UNIX, null, bytes(content));
    }

    /** A UTF-8 name without the flag, as macOS Archive Utility and older Info-ZIP write them. */
    public RawZip utf8NoFlag(String name, String content) {
        return add(name.getBytes(StandardCharsets.UTF_8), false, HOST_UNIX, null, bytes(content));
    }

    public RawZip utf8NoFlag(String name, byte[] content) {
        return add(name.getBytes(StandardCharsets.UTF_8), false, HOST_UNIX, null, content);
    }

    /** A name in a DOS code page without the flag, from a FAT host: Windows Explorer and older Windows tools. */
    public RawZip codePage(Charset charset, String name, byte[] content) {
        return add(name.getBytes(charset), false, HOST_FAT, null, content);
    }

    public RawZip codePage(Charset charset, String name, String content) {
        return codePage(charset, name, bytes(content));
    }

    /** A CP437 name plus a Unicode Path extra field holding the true UTF-8 name (WinZip, 7-Zip on old systems). */
    public RawZip withUnicodePath(String cp437Name, String realName, byte[] content) {
        byte[] raw = cp437Name.getBytes(CP437);
        CRC32 crc = new CRC32();
        crc.update(raw);
        byte[] utf8 = realName.getBytes(StandardCharsets.UTF_8);
        ByteBuffer extra = ByteBuffer.allocate(4 + 5 + utf8.length).order(ByteOrder.LITTLE_ENDIAN);
        extra.putShort((short) 0x7075).putShort((short) (5 + utf8.length)).put((byte) 1).putInt((int) crc.getValue())
                .put(utf8);
        return add(raw, false, HOST_FAT, extra.array(), content);
    }

    /** Any raw name bytes, e.g. bytes that are not UTF-8 under the UTF-8 flag. */
    public RawZip raw(byte[] name, boolean utf8Flag, byte[] content) {
        return add(name, utf8Flag, HOST_UNIX, null, content);
    }

    private RawZip add(byte[] name, boolean utf8Flag, int host, byte[] extra, byte[] data) {
        entries.add(new Entry(name, utf8Flag, host, extra == null ? new byte[0] : extra, data));
        return this;
    }

    private static byte[] bytes(String content) {
        return content == null ? new byte[0] : content.getBytes(StandardCharsets.UTF_8);
    }

    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream central = new ByteArrayOutputStream();
        for (Entry entry : entries) {
            int offset = out.size();
            CRC32 crc = new CRC32();
            crc.update(entry.data());
            int flags = entry.utf8Flag() ? 1 << 11 : 0;
            ByteBuffer local = header(30, entry).putInt(0x04034b50).putShort((short) 20).putShort((short) flags)
                    .putShort((short) 0).putShort((short) 0).putShort((short) 0x21).putInt((int) crc.getValue())
                    .putInt(entry.data().length).putInt(entry.data().length).putShort((short) entry.name().length)
                    .putShort((short) entry.extra().length).put(entry.name()).put(entry.extra());
            out.writeBytes(local.array());
            out.writeBytes(entry.data());
            ByteBuffer dir = header(46, entry).putInt(0x02014b50).putShort((short) (entry.host() << 8 | 20))
                    .putShort((short) 20).putShort((short) flags).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0x21).putInt((int) crc.getValue()).putInt(entry.data().length)
                    .putInt(entry.data().length).putShort((short) entry.name().length)
                    .putShort((short) entry.extra().length).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0).putInt(entry.host() == HOST_UNIX ? 0100644 << 16 : 0).putInt(offset)
                    .put(entry.name()).put(entry.extra());
            central.writeBytes(dir.array());
        }
        int centralOffset = out.size();
        out.writeBytes(central.toByteArray());
        ByteBuffer end = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN).putInt(0x06054b50)
                .putShort((short) 0).putShort((short) 0).putShort((short) entries.size())
                .putShort((short) entries.size()).putInt(central.size()).putInt(centralOffset).putShort((short) 0);
        out.writeBytes(end.array());
        return out.toByteArray();
    }

    private static ByteBuffer header(int fixed, Entry entry) {
        return ByteBuffer.allocate(fixed + entry.name().length + entry.extra().length).order(ByteOrder.LITTLE_ENDIAN);
    }
}
