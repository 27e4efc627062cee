package io.testbed.plugins.configure;

import io.testbed.plugins.compose.WorkerSelection;
import io.testbed.plugins.compose.edit.EditOptions;
import io.testbed.plugins.s3.SyncOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything {@code configure} and {@code status} need: the compose file, which services are
 * workers, the collections, and how to sync. Build one with {@link #builder()}.
 *
 * @param composeFile the deployment's compose file
 * @param selection which services are workers
 * @param collections one or more collections, each with its own directory, location and variable
 * @param sync how each collection is synced; {@code delete} is on by default (an exact mirror, as
 *     {@code s3-sync.sh --delete} does)
 * @param backup keep the previous compose file as a backup when it is rewritten
 * @param edit where the workers' variables are written (env files, environment:, an override file)
 * @param environment the process environment, for {@code ${VAR}} interpolation and COMPOSE_FILE
 */
public record ConfigureRequest(
    Path composeFile,
    WorkerSelection selection,
    List<PluginCollection> collections,
    SyncOptions sync,
    boolean backup,
    EditOptions edit,
    Map<String, String> environment) {

  public ConfigureRequest {
    Objects.requireNonNull(composeFile, "composeFile");
    Objects.requireNonNull(selection, "selection");
    Objects.requireNonNull(sync, "sync");
    Objects.requireNonNull(edit, "edit");
    environment = Map.copyOf(environment);
    collections = List.copyOf(collections);
    if (collections.isEmpty()) {
      throw new ConfigureException(
          "no plugin collection given; pass --plugins DIR --s3-uri s3://BUCKET/PREFIX");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Defaults: default worker selection, an exact mirror ({@code delete}), no backup, {@link
   * EditOptions#DEFAULT}, this process's environment.
   */
  public static final class Builder {
    private Path composeFile;
    private WorkerSelection selection = WorkerSelection.defaults();
    private final List<PluginCollection> collections = new ArrayList<>();
    private SyncOptions sync = SyncOptions.builder().delete(true).build();
    private boolean backup;
    private EditOptions edit = EditOptions.DEFAULT;
    private Map<String, String> environment = System.getenv();

    private Builder() {}

    public Builder composeFile(Path composeFile) {
      this.composeFile = composeFile;
      return this;
    }

    public Builder selection(WorkerSelection selection) {
      this.selection = selection;
      return this;
    }

    public Builder collection(PluginCollection collection) {
      collections.add(collection);
      return this;
    }

    public Builder sync(SyncOptions sync) {
      this.sync = sync;
      return this;
    }

    public Builder backup(boolean backup) {
      this.backup = backup;
      return this;
    }

    public Builder edit(EditOptions edit) {
      this.edit = edit;
      return this;
    }

    /** The process environment (default: this process's). */
    public Builder environment(Map<String, String> environment) {
      this.environment = environment;
      return this;
    }

    public ConfigureRequest build() {
      return new ConfigureRequest(
          composeFile, selection, collections, sync, backup, edit, environment);
    }
  }
}
