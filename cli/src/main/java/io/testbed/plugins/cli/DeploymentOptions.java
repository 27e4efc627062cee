package io.testbed.plugins.cli;

import io.testbed.plugins.configure.Configurator;
import io.testbed.plugins.configure.ConfigureException;
import io.testbed.plugins.configure.ConfigureRequest;
import io.testbed.plugins.configure.DeploymentPlan;
import io.testbed.plugins.configure.DeploymentS3;
import io.testbed.plugins.configure.PluginCollection;
import io.testbed.plugins.s3.S3Location;
import io.testbed.plugins.s3.S3Session;
import io.testbed.plugins.s3.StorageException;
import io.testbed.plugins.s3.SyncOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The inputs {@code configure} and {@code status} share: collections, compose file, workers, S3. */
public final class DeploymentOptions {
  static final String DEFAULT_LOCATION = "s3://plugins/<name of the --plugins directory>";

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
        paramLabel = "URI",
        description =
            "Where that collection lives (s3://BUCKET/PREFIX). Default: "
                + DEFAULT_LOCATION
                + ", as the Testbed documentation does it.")
    String uri;

    /** The location: {@code --s3-uri}, else s3://plugins/ and the directory's name. */
    S3Location location() {
      if (uri != null) {
        return S3Location.parse(uri);
      }
      Path name = directory.toAbsolutePath().normalize().getFileName();
      if (name == null) {
        throw new ConfigureException(
            directory + " has no name to default the location to; give --s3-uri s3://BUCKET/PREFIX");
      }
      return S3Location.parse("s3://plugins/" + name);
    }

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

  @Mixin HashCacheOption hashCache;

  @Option(
      names = "--max-delete",
      paramLabel = "N",
      description = "Refuse to run when a sync would delete more than N objects (checked before any change).")
  Integer maxDelete;

  @Option(
      names = "--exclude",
      paramLabel = "GLOB",
      description = "Leave out matching files (repeatable), in addition to __pycache__/, *.pyc, .git/, .DS_Store and editors' swap files (*.swp, *.swx, *~, .#*).")
  List<String> excludes = new ArrayList<>();

  ConfigureRequest request(boolean backup) {
    Path composeFile = Path.of(DeploymentReport.shown(compose.resolve()));
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
              c.location(),
              c.variable == null ? PluginCollection.DEFAULT_VARIABLE : c.variable));
    }
    SyncOptions.Builder sync = SyncOptions.builder().delete(true).hashCache(hashCache.directory());
    if (maxDelete != null) {
      sync.maxDelete(maxDelete);
    }
    if (!excludes.isEmpty()) {
      sync.filters(new io.testbed.plugins.s3.local.Filters(excludes, List.of(), true));
    }
    return builder.sync(sync.build()).build();
  }

  /** Whether the i-th collection's location is the default (no {@code --s3-uri}). */
  boolean defaultLocation(int i) {
    return collections.get(i).uri == null;
  }

  /**
   * Plans; when S3 fails and its settings came from the deployment, the message says where from,
   * since the user gave none, or names the endpoint's container when docker reports it stopped or
   * paused, with the command that starts or unpauses it.
   */
  static DeploymentPlan plan(S3Session session, ConfigureRequest request, DeploymentS3 s3) {
    return withStorage(session, Configurator.planProject(request), s3);
  }

  /** {@link Configurator#withStorage}, with the same note on where S3's settings came from. */
  static DeploymentPlan withStorage(S3Session session, DeploymentPlan local, DeploymentS3 s3) {
    try {
      return Configurator.withStorage(session, local);
    } catch (StorageException e) {
      if (!s3.fromDeployment()) {
        throw e;
      }
      Optional<ConfigureException> down = s3.containerDown(e);
      if (down.isPresent()) {
        throw down.get();
      }
      throw new StorageException(
          e.getMessage() + "\nThe deployment gave the endpoint " + s3.endpoint() + " and the credentials: " + s3.credentials() + ".",
          e);
    }
  }

  /** The S3 settings: explicit options and environment first, else from the deployment. */
  DeploymentS3 s3(ConfigureRequest request) {
    return DeploymentS3.resolve(
        s3.builder(), request.composeFile(), request.selection(), S3ConnectionOptions.environment());
  }
}
