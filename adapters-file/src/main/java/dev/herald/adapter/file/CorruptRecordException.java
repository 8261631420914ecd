package dev.herald.adapter.file;

/** A record's bytes do not parse: a torn or damaged write, or not this store's file. */
final class CorruptRecordException extends RuntimeException {

    CorruptRecordException(String message) {
        super(message);
    }
}
