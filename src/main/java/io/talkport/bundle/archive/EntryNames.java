package io.talkport.bundle.archive;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Decodes a zip entry name once, from its raw bytes, so that validation and push agree on every name. The rule
 * (APPNOTE 6.3.10, section 4.4.4 and appendix D; documented in docs/bundle-format.md, "Archive"):
 * <ol>
 *   <li>general purpose bit 11 (the "UTF-8" flag) set: the name is UTF-8; bytes that are not UTF-8 become U+FFFD
 *       and the name is reported as undecodable;</li>
 *   <li>otherwise an Info-ZIP Unicode Path extra field (0x7075) whose CRC-32 matches the raw name gives it;</li>
 *   <li>otherwise a name whose bytes are valid UTF-8 is read as UTF-8 (macOS Archive Utility and older Info-ZIP
 *       write UTF-8 without the flag; real CP437 text is practically never valid UTF-8 beyond ASCII);</li>
 *   <li>otherwise CP437, the zip format's default (Windows Explorer and older tools; a CP866 or other OEM name is
 *       then read as CP437 and shows as such in issues).</li>
 * </ol>
 * Backslashes, which Windows tools write as folder separators ({@code attachments\p.png}), become {@code /}; the
 * caller reports that as a warning.
 */
public final class EntryNames {

    private static final Charset CP437 = Charset.forName("IBM437");

    /**
     * A decoded entry name.
     *
     * @param name        the name with {@code /} as the only separator
     * @param backslashes true when the raw name used {@code \} as separator
     * @param undecodable true when the name is flagged UTF-8 but is not, so it holds U+FFFD
     * @param encoding    how it was read: "UTF-8 (flag)", "UTF-8 (Unicode Path field)", "UTF-8" or "CP437"
     */
    public record Decoded(String name, boolean backslashes, boolean undecodable, String encoding) {
    }

    private EntryNames() {
    }

    /**
     * @param raw          the name's bytes as stored in the central directory
     * @param utf8Flag     general purpose bit 11
     * @param unicodePath  the data of a 0x7075 extra field (version byte, CRC-32 of raw, UTF-8 name), or null
     */
    public static Decoded decode(byte[] raw, boolean utf8Flag, byte[] unicodePath) {
        if (utf8Flag) {
            String strict = strictUtf8(raw);
            return normalise(strict != null ? strict : new String(raw, StandardCharsets.UTF_8), strict == null,
                    "UTF-8 (flag)");
        }
        String fromField = unicodePathName(raw, unicodePath);
        if (fromField != null) {
            return normalise(fromField, false, "UTF-8 (Unicode Path field)");
        }
        String utf8 = strictUtf8(raw);
        if (utf8 != null) {
            return normalise(utf8, false, "UTF-8");
        }
        return normalise(new String(raw, CP437), false, "CP437");
    }

    private static Decoded normalise(String name, boolean undecodable, String encoding) {
        boolean backslashes = name.indexOf('\\') >= 0;
        return new Decoded(backslashes ? name.replace('\\', '/') : name, backslashes, undecodable, encoding);
    }

    private static String unicodePathName(byte[] raw, byte[] field) {
        if (field == null || field.length < 5 || field[0] != 1) {
            return null;
        }
        long crc = (field[1] & 0xFFL) | (field[2] & 0xFFL) << 8 | (field[3] & 0xFFL) << 16 | (field[4] & 0xFFL) << 24;
        CRC32 actual = new CRC32();
        actual.update(raw);
        if (actual.getValue() != crc) {
            return null; // the name was changed by a tool that did not update the field: the field is stale
        }
        byte[] name = new byte[field.length - 5];
        System.arraycopy(field, 5, name, 0, name.length);
        return strictUtf8(name);
    }

    /** The bytes as UTF-8, or null when they are not UTF-8. */
    static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
