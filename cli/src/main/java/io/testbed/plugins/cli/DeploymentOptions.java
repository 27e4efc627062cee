package io.testbed.plugins.cli;

import io.testbed.plugins.configure.ConfigureRequest;
import io.testbed.plugins.configure.PluginCollection;
import io.testbed.plugins.s3.S3Location;
import io.testbed.plugins.s3.SyncOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The inputs {@code configure} and {@code status} share: collections, compose file, workers, S3. */
public final class DeploymentOptions {

  /** One collection: {@code --plugins DIR --s3-uri URI [--var NAME]}; repeat the triple for more. */
  static final class CollectionOptions {
    @Option(
        names = "--plugins",
        required = true,
        paramLabel = "DIR",
        description = "A plugin collection directory, e.g. task-plugins/securingai_builtins.")
    Path directory;

    @Option(
        names = "--s3-uri",
        required = true,
        paramLabel = "URI",
        description = "Where that collection lives (s3://BUCKET/PREFIX).")
    String uri;

    @Option(
        names = "--var",
        paramLabel = "NAME",
        description =
            "The workers' variable for that collection (default: "
                + PluginCollection.DEFAULT_VARIABLE
                + "; newer Dioptra releases read DIOPTRA_PLUGINS_S3_URI).")
    String variable;
  }

  @ArgGroup(exclusive = false, multiplicity = "1..*", heading = "%nPlugin collections (repeat for more):%n")
  List<CollectionOptions> collections = new ArrayList<>();

  @Mixin ComposeFileOption compose;

  @Mixin WorkerSelectionOptions selection;

  @Mixin S3ConnectionOptions s3;

  @Mixin EditTargetOptions edit;

  @Option(
      names = "--max-delete",
      paramLabel = "N",
      description = "Refuse to run when a sync would delete more than N objects (checked before any change).")
  Integer maxDelete;

  @Option(
      names = "--exclude",
      paramLabel = "GLOB",
      description = "Leave out matching files (repeatable), in addition to __pycache__/, *.pyc, .git/ and .DS_Store.")
  List<String> excludes = new ArrayList<>();

  ConfigureRequest request(boolean backup) {
    Path composeFile = compose.resolve();
    ConfigureRequest.Builder builder =
        ConfigureRequest.builder()
            .composeFile(composeFile)
            .edit(edit.options(composeFile))
            .selection(selection.toSelection())
            .backup(backup);
    for (CollectionOptions c : collections) {
      builder.collection(
          new PluginCollection(
              c.directory,
              S3Location.parse(c.uri),
              c.variable == null ? PluginCollection.DEFAULT_VARIABLE : c.variable));
    }
    SyncOptions.Builder sync = SyncOptions.builder().delete(true);
    if (maxDelete != null) {
      sync.maxDelete(maxDelete);
    }
    if (!excludes.isEmpty()) {
      sync.filters(new io.testbed.plugins.s3.Filters(excludes, List.of(), true));
    }
    return builder.sync(sync.build()).build();
  }
}
