package io.talkport.bundle;

import io.talkport.bundle.format.SourcePosition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The source position of each record of one kind that a format produced, by ordinal (1, 2, ...). Staged rows carry
 * the ordinal as their {@code line} (it must be unique per kind: the cross-checks join on it), and issues found later
 * in SQL are moved back to the source file and line with {@link #at}. Memory: 8 bytes a record, in chunks of
 * {@value #CHUNK} records: arrays that double would reach megabytes, humongous objects for G1 with a small heap
 * (regions of 1 MB at -Xmx256m), each of which can start a concurrent marking cycle.
 */
final class SourcePositions {

    /** Records per chunk: two arrays of 256 KB, under half a G1 region. */
    static final int CHUNK = 1 << 16;

    private final String logicalName;
    private final List<String> files = new ArrayList<>();
    private final Map<String, Integer> fileIndex = new HashMap<>();
    /** Per chunk: the file index and the line of each record. */
    private final List<int[]> fileOf = new ArrayList<>();
    private final List<int[]> lineOf = new ArrayList<>();
    private int size;

    SourcePositions(String logicalName) {
        this.logicalName = logicalName;
    }

    String logicalName() {
        return logicalName;
    }

    /** Remembers a position; returns its ordinal (1-based). */
    int add(SourcePosition at) {
        if (size % CHUNK == 0) {
            fileOf.add(new int[CHUNK]);
            lineOf.add(new int[CHUNK]);
        }
        Integer index = fileIndex.get(at.file());
        if (index == null) {
            index = files.size();
            files.add(at.file());
            fileIndex.put(at.file(), index);
        }
        fileOf.get(size / CHUNK)[size % CHUNK] = index;
        lineOf.get(size / CHUNK)[size % CHUNK] = at.line();
        return ++size;
    }

    /** The position of an ordinal, or null when out of range. */
    SourcePosition at(int ordinal) {
        if (ordinal < 1 || ordinal > size) {
            return null;
        }
        int i = ordinal - 1;
        return new SourcePosition(files.get(fileOf.get(i / CHUNK)[i % CHUNK]), lineOf.get(i / CHUNK)[i % CHUNK]);
    }
}
