package io.testbed.plugins.cli;

import io.testbed.plugins.compose.WorkerSelection;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options that choose the worker services, shared by every command that edits workers. */
public final class WorkerSelectionOptions {

  @Option(
      names = "--service",
      paramLabel = "NAME",
      description = "Treat exactly this service as a worker (repeatable). An unknown name is an"
          + " error that lists the known services.")
  List<String> services = new ArrayList<>();

  @Option(names = "--all-services", description = "Treat every service as a worker.")
  boolean allServices;

  @Option(
      names = "--image-pattern",
      paramLabel = "GLOB",
      description = "Treat services whose image matches GLOB as workers, instead of the default"
          + " rule (repeatable; * matches any text, ? one character, e.g. '*/my-worker:*').")
  List<String> imagePatterns = new ArrayList<>();

  @Option(
      names = "--exclude-service",
      paramLabel = "NAME",
      description = "Never treat this service as a worker (repeatable).")
  List<String> excludeServices = new ArrayList<>();

  /** The selection these options describe. */
  public WorkerSelection toSelection() {
    return new WorkerSelection(services, allServices, imagePatterns, excludeServices);
  }
}
