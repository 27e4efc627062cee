package io.testbed.plugins.cli;

import io.testbed.plugins.s3.BucketProvisioner;
import io.testbed.plugins.s3.CompareMode;
import io.testbed.plugins.s3.StorageException;
import io.testbed.plugins.s3.Filters;
import io.testbed.plugins.s3.S3Location;
import io.testbed.plugins.s3.S3Session;
import io.testbed.plugins.s3.S3Settings;
import io.testbed.plugins.s3.Sync;
import io.testbed.plugins.s3.SyncExecutor;
import io.testbed.plugins.s3.SyncListener;
import io.testbed.plugins.s3.SyncOptions;
import io.testbed.plugins.s3.SyncPlan;
import io.testbed.plugins.s3.SyncResult;
import io.testbed.plugins.s3.watch.Watch;
import io.testbed.plugins.s3.watch.WatchOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sync}: mirror a plugin directory to S3 or back, exactly (s3-sync.sh, done right). */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Mirror a local directory to s3://BUCKET/PREFIX, or an S3 prefix to a directory.",
      "Plans first (both listings, compared by size and content hash), then uploads,",
      "then deletes (with --delete) only if every upload succeeded."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  # upload, as s3-sync.sh does",
      "  testbed-plugins sync --endpoint-url http://minio:9000 --delete \\",
      "      /task-plugins/securingai_builtins s3://plugins/securingai_builtins",
      "  # what would change, without changing it",
      "  testbed-plugins sync --delete --dry-run ./plugins s3://plugins/builtins",
      "  # keep the bucket a mirror while you edit (Ctrl-C to stop)",
      "  testbed-plugins sync --delete --watch ./plugins s3://plugins/builtins",
      "  # download, as a worker does",
      "  testbed-plugins sync --delete s3://plugins/securingai_builtins /work/plugins",
      "",
      "Marks: + new, * changed, - deleted, = unchanged.",
      "Exit codes: 0 done or nothing to do, 1 error or some file failed, 2 usage."
    })
public final class SyncCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin CommonOptions common;

  @Mixin S3ConnectionOptions connection;

  @Parameters(index = "0", paramLabel = "SRC", description = "A local directory or s3://BUCKET/PREFIX.")
  String source;

  @Parameters(index = "1", paramLabel = "DST", description = "A local directory or s3://BUCKET/PREFIX.")
  String destination;

  @Option(names = "--delete", description = "Delete destination files the source does not have.")
  boolean delete;

  @Option(names = "--dry-run", description = "Print the plan and change nothing.")
  boolean dryRun;

  @Option(
      names = "--exclude",
      paramLabel = "GLOB",
      description = "Skip matching paths (repeatable). '*.pyc', 'tests/', 'docs/**/*.md'.")
  List<String> excludes = new ArrayList<>();

  @Option(
      names = "--include",
      paramLabel = "GLOB",
      description = "Keep matching paths even when excluded (repeatable).")
  List<String> includes = new ArrayList<>();

  @Option(
      names = "--no-default-excludes",
      description = "Do not skip __pycache__/, *.pyc, .git/, .DS_Store, *.swp, *.swx, *~, .#*.")
  boolean noDefaultExcludes;

  @Option(
      names = "--max-delete",
      paramLabel = "N",
      description = "Refuse, before changing anything, a plan that deletes more than N files.")
  Integer maxDelete;

  @Option(
      names = "--force-empty-source",
      description = "Allow --delete with a missing or empty source (empties the destination).")
  boolean forceEmptySource;

  @Option(
      names = "--compare",
      paramLabel = "HOW",
      defaultValue = "checksum",
      description = "checksum (exact, default), size, or size-mtime (like aws s3 sync).")
  String compare;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      description = "Requests in flight, one per transfer thread (default: "
          + S3Settings.DEFAULT_CONCURRENCY + ").")
  Integer concurrency;

  @Mixin HashCacheOption hashCache;

  @Mixin WatchOption watch;

  @Option(names = "--json", description = "Print the plan and result as one JSON object.")
  boolean json;

  @Option(names = {"-q", "--quiet"}, description = "Print nothing unless something fails.")
  boolean quiet;

  @Override
  public Integer call() {
    long start = System.nanoTime();
    boolean upload = S3Location.isS3Uri(destination);
    if (upload == S3Location.isS3Uri(source)) {
      return usage(
          "exactly one of SRC and DST must be an s3:// location, got '"
              + source
              + "' and '"
              + destination
              + "'");
    }
    CompareMode compareMode = compareMode();
    if (compareMode == null) {
      return usage("invalid --compare '" + compare + "': expected checksum, size or size-mtime");
    }
    if (maxDelete != null && maxDelete < 0) {
      return usage("--max-delete must be 0 or more, got " + maxDelete);
    }
    String[] problem = new String[1];
    WatchOptions watchOptions = watch.options(problem);
    if (watchOptions == null) {
      return usage(problem[0]);
    }
    if (watch.enabled() && (!upload || dryRun)) {
      return usage(dryRun ? "--watch cannot be combined with --dry-run"
          : "--watch needs a local SRC and an s3:// DST");
    }
    SyncOptions options =
        SyncOptions.builder()
            .delete(delete)
            .compare(compareMode)
            .maxDelete(maxDelete == null ? SyncOptions.NO_LIMIT : maxDelete)
            .forceEmptySource(forceEmptySource)
            .filters(new Filters(excludes, includes, !noDefaultExcludes))
            .hashCache(hashCache.directory())
            .build();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SyncRenderer renderer = new SyncRenderer(out, err);
    try (S3Session session = S3Session.open(connection.settings(concurrency))) {
      if (watch.enabled()) {
        return Watching.run(List.of(new Watch(session, Path.of(source), S3Location.parse(destination),
            options, watchOptions, new WatchRenderer(out, err, json, common.verbose(), quiet, null))),
            out, err);
      }
      SyncPlan plan =
          upload
              ? Sync.plan(session, Path.of(source), S3Location.parse(destination), options)
              : Sync.plan(session, S3Location.parse(source), Path.of(destination), options);
      if (!json) {
        renderer.warnings(plan);
      }
      boolean bucketMissing =
          upload
              && plan.hasChanges()
              && BucketProvisioner.plan(session, plan.remote().bucket()).changes();
      if (dryRun) {
        if (bucketMissing && !json) {
          err.println(
              "note: bucket '" + plan.remote().bucket() + "' does not exist yet; create it with:"
                  + " testbed-plugins mb s3://" + plan.remote().bucket());
        }
        if (json) {
          out.println(Json.write(SyncRenderer.json(plan, null)));
        } else {
          renderer.plan(plan, common.verbose());
          if (!quiet) {
            out.println(renderer.planSummary(plan));
          }
        }
        return ExitCode.OK;
      }
      if (bucketMissing) {
        throw new StorageException(
            "bucket '"
                + plan.remote().bucket()
                + "' does not exist on "
                + session.settings().endpointDescription()
                + "; create it first: testbed-plugins mb s3://"
                + plan.remote().bucket());
      }
      SyncResult result = SyncExecutor.apply(session, plan, listener(renderer, plan));
      if (json) {
        out.println(Json.write(SyncRenderer.json(plan, result)));
      } else {
        renderer.result(plan, result, quiet, java.time.Duration.ofNanos(System.nanoTime() - start));
      }
      return result.ok() ? ExitCode.OK : ExitCode.FAILURE;
    }
  }

  private SyncListener listener(SyncRenderer renderer, SyncPlan plan) {
    if (json || quiet) {
      return SyncListener.NONE;
    }
    if (System.console() != null) {
      return renderer.progress(plan, common.verbose());
    }
    return common.verbose() ? renderer.perFile() : SyncListener.NONE;
  }

  private CompareMode compareMode() {
    return switch (compare.toLowerCase(java.util.Locale.ROOT)) {
      case "checksum" -> CompareMode.CHECKSUM;
      case "size" -> CompareMode.SIZE;
      case "size-mtime", "size_mtime" -> CompareMode.SIZE_MTIME;
      default -> null;
    };
  }

  private int usage(String message) {
    PrintWriter err = spec.commandLine().getErr();
    err.println(spec.qualifiedName() + ": " + message);
    err.println("Try '" + spec.qualifiedName() + " --help' for more information.");
    err.flush();
    return ExitCode.USAGE;
  }
}
