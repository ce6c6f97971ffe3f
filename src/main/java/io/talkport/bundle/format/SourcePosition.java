package io.talkport.bundle.format;

/**
 * Where a record came from in the uploaded archive: the archive-relative file name and the 1-based line (JSONL) or
 * array element number (JSON array). Issues about the record point here.
 */
public record SourcePosition(String file, int line) {
}
