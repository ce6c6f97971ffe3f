package io.talkport.bundle;

import io.talkport.bundle.format.SourcePosition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The source position of each record of one kind that a format produced, by ordinal (1, 2, ...). Staged rows carry
 * the ordinal as their {@code line} (it must be unique per kind: the cross-checks join on it), and issues found later
 * in SQL are moved back to the source file and line with {@link #at}. Memory: 8 bytes a record.
 */
final class SourcePositions {

    private final String logicalName;
    private final List<String> files = new ArrayList<>();
    private final Map<String, Integer> fileIndex = new HashMap<>();
    private int[] fileOf = new int[1024];
    private int[] lineOf = new int[1024];
    private int size;

    SourcePositions(String logicalName) {
        this.logicalName = logicalName;
    }

    String logicalName() {
        return logicalName;
    }

    /** Remembers a position; returns its ordinal (1-based). */
    int add(SourcePosition at) {
        if (size == fileOf.length) {
            fileOf = Arrays.copyOf(fileOf, size * 2);
            lineOf = Arrays.copyOf(lineOf, size * 2);
        }
        Integer index = fileIndex.get(at.file());
        if (index == null) {
            index = files.size();
            files.add(at.file());
            fileIndex.put(at.file(), index);
        }
        fileOf[size] = index;
        lineOf[size] = at.line();
        return ++size;
    }

    /** The position of an ordinal, or null when out of range. */
    SourcePosition at(int ordinal) {
        if (ordinal < 1 || ordinal > size) {
            return null;
        }
        return new SourcePosition(files.get(fileOf[ordinal - 1]), lineOf[ordinal - 1]);
    }
}
