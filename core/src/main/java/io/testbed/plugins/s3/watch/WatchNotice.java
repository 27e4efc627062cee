package io.testbed.plugins.s3.watch;

/**
 * Something a watch says once, when it happens (not per request or per retry).
 *
 * @param kind what happened
 * @param message the sentence for the user: what, where, and what is done about it
 */
public record WatchNotice(Kind kind, String message) {
  /** What happened. */
  public enum Kind {
    /** Events are watched: the initial sync is done. */
    WATCHING,
    /** No file events (a kernel limit): the tree is re-planned periodically instead. */
    POLLING,
    /** S3 does not answer: changes wait, and are sent when it does. */
    WAITING_FOR_S3,
    /** S3 answers again. */
    S3_BACK,
    /** The source directory is gone: nothing is deleted; waiting for it. */
    SOURCE_MISSING,
    /** The source has no files: nothing is deleted; waiting for files. */
    SOURCE_EMPTY,
    /** The source is back. */
    SOURCE_BACK,
    /** A batch could not be planned or sent for a local reason; it is retried. */
    RETRY
  }
}
