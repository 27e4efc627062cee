package io.testbed.plugins.s3.watch;

import io.testbed.plugins.s3.S3Session;
import io.testbed.plugins.s3.SyncEntry;
import io.testbed.plugins.s3.SyncListener;

/** Keeps the {@link RemoteIndex} in step with what the executor does, then tells the caller. */
final class IndexUpdates implements SyncListener {
  private final RemoteIndex index;
  private final SyncListener next;

  IndexUpdates(RemoteIndex index, SyncListener next) {
    this.index = index;
    this.next = next;
  }

  @Override
  public void transferred(SyncEntry entry) {
    index.uploaded(entry, entry.size() >= S3Session.MULTIPART_THRESHOLD);
    next.transferred(entry);
  }

  @Override
  public void failed(SyncEntry entry, String message) {
    index.unknown(entry);
    next.failed(entry, message);
  }

  @Override
  public void deleted(SyncEntry entry) {
    index.deleted(entry);
    next.deleted(entry);
  }
}
