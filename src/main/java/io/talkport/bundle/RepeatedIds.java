package io.talkport.bundle;

import java.util.HashSet;
import java.util.Set;

/**
 * Lists the message ids of one staging that may occur more than once, so that the DUPLICATE_ID rule looks up those
 * ids only, instead of grouping a million ids in SQL (1.2 s of a 15 s staging). A fixed-size Bloom filter remembers
 * the ids seen: an id it has not seen is certainly new, so every repeated id is listed; a few new ids may be listed
 * too (about 20 of a million ids, 500 of two million), which the rule's lookup then clears. Memory stays at 4 MB
 * plus the list, which is capped: past {@value #MAX_LISTED} ids (from about three million messages on, the filter is
 * too full) or a million characters of them, the list is dropped and the rule groups all ids in SQL again.
 */
final class RepeatedIds {

    static final int MAX_LISTED = 10_000;
    /** Ids may be long (up to a line's length): the list also ends at this many characters in all. */
    static final int MAX_LISTED_CHARS = 1 << 20;
    private static final int BYTES = 4 << 20;
    /** One block is 8 longs, a 64-byte cache line, so that a lookup touches one line of memory. */
    private static final int BLOCK_LONGS = 8;
    /** Bits set per id, 9 bits of the hash each (a block has 512 bits), from the bits above the block number. */
    private static final int PROBES = 5;

    private final long[] bits = new long[BYTES / Long.BYTES];
    /** 65,536 blocks: the block number takes the low 16 bits of the hash. */
    private final int blockMask = bits.length / BLOCK_LONGS - 1;
    private Set<String> listed = new HashSet<>();
    private long listedChars;

    /** Remembers an id; lists it if it may have been added before. */
    void add(String id) {
        long hash = hash(id);
        int base = ((int) hash & blockMask) * BLOCK_LONGS;
        boolean seen = true;
        for (int probe = 0; probe < PROBES; probe++) {
            int bit = (int) (hash >>> (16 + probe * 9)) & 511;
            long mask = 1L << bit;
            int word = base + (bit >>> 6);
            if ((bits[word] & mask) == 0) {
                seen = false;
                bits[word] |= mask;
            }
        }
        if (seen && listed != null && listed.add(id)) {
            listedChars += id.length();
            if (listed.size() > MAX_LISTED || listedChars > MAX_LISTED_CHARS) {
                listed = null;
            }
        }
    }

    /** The ids that may occur more than once (every id that does among them), or null when there were too many. */
    Set<String> candidates() {
        return listed;
    }

    /** FNV-1a over the UTF-16 units, then the splitmix64 finalizer to spread the bits. */
    static long hash(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h = (h ^ id.charAt(i)) * 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
