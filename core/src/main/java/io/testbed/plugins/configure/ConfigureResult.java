package io.testbed.plugins.configure;

import io.testbed.plugins.s3.SyncResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@link Configurator#apply} did.
 *
 * @param bucketsCreated the buckets that were created
 * @param syncs one result per collection that was synced, in order; fewer than planned when a sync
 *     failed (later ones are not started)
 * @param composeWritten whether the compose file was rewritten; never when a sync failed
 * @param backup the backup of the previous compose file, when one was asked for and written
 * @param warnings what writing the compose file has to tell the user (see {@code
 *     ComposeWriter.Result#warnings})
 */
public record ConfigureResult(
    List<String> bucketsCreated,
    List<SyncResult> syncs,
    boolean composeWritten,
    Optional<Path> backup,
    List<String> warnings) {

  public ConfigureResult {
    bucketsCreated = List.copyOf(bucketsCreated);
    syncs = List.copyOf(syncs);
    warnings = List.copyOf(warnings);
  }

  public ConfigureResult(List<String> bucketsCreated, List<SyncResult> syncs,
      boolean composeWritten, Optional<Path> backup) {
    this(bucketsCreated, syncs, composeWritten, backup, List.of());
  }

  /** True when every step succeeded. */
  public boolean ok() {
    return syncs.stream().allMatch(SyncResult::ok);
  }
}
