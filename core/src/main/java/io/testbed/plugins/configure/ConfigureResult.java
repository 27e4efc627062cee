package io.testbed.plugins.configure;

import io.testbed.plugins.s3.SyncResult;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link Configurator#apply} did.
 *
 * @param bucketsCreated the buckets that were created
 * @param syncs one result per collection that was synced, in order; fewer than planned when a sync
 *     failed (later ones are not started)
 * @param written the files of the compose project that were rewritten (compose file, override
 *     file, env files); none when a sync failed
 * @param backups the backups of the previous files, when they were asked for
 * @param warnings what writing the compose project has to tell the user (see {@code
 *     ComposeWriter.Result#warnings})
 */
public record ConfigureResult(
    List<String> bucketsCreated,
    List<SyncResult> syncs,
    List<Path> written,
    List<Path> backups,
    List<String> warnings) {

  public ConfigureResult {
    bucketsCreated = List.copyOf(bucketsCreated);
    syncs = List.copyOf(syncs);
    written = List.copyOf(written);
    backups = List.copyOf(backups);
    warnings = List.copyOf(warnings);
  }

  /** Whether any file of the compose project was rewritten. */
  public boolean composeWritten() {
    return !written.isEmpty();
  }

  /** True when every step succeeded. */
  public boolean ok() {
    return syncs.stream().allMatch(SyncResult::ok);
  }
}
