package dev.herald.application.port.in;

/** Publish several events of one job at once: stored all or none, with contiguous seqs, then live in order. */
public interface PublishBatchUseCase {

    PublishedBatch publishBatch(PublishBatchCommand command);
}
