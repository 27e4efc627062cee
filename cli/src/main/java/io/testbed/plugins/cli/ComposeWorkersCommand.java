package io.testbed.plugins.cli;

import io.testbed.plugins.compose.ComposeFile;
import io.testbed.plugins.compose.ComposeProject;
import io.testbed.plugins.compose.ComposeProject.EnvVar;
import io.testbed.plugins.compose.ServiceChoice;
import io.testbed.plugins.compose.WorkerSelector;
import io.testbed.plugins.compose.edit.ComposePlan;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code compose workers}: every service, whether it is a worker and why, and a variable. */
@Command(
    name = "workers",
    mixinStandardHelpOptions = true,
    description = {
      "List every service of the compose file: whether it is a worker, why, and the current"
          + " value of a variable (default AI_PLUGINS_S3_URI).",
      "",
      "By default a service is a worker when its image is a Testbed worker image"
          + " (.../tensorflow2-cpu, tensorflow2-gpu, pytorch-cpu, pytorch-gpu; any registry,"
          + " namespace, tag or digest) or its command/entrypoint names a worker queue"
          + " (tensorflow_cpu, tensorflow_gpu, pytorch_cpu, pytorch_gpu). restapi, minio,"
          + " mlflow-tracking, redis, nginx and database services never are, by default."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  testbed-plugins compose workers",
      "  testbed-plugins compose workers --compose lab/docker-compose.yml --json",
      "  testbed-plugins compose workers --image-pattern '*/my-worker:*' --var AI_RESTAPI_ENV",
      "",
      "Exit codes: 0 ok, 1 error, 2 usage error."
    })
final class ComposeWorkersCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin CommonOptions common;
  @Mixin ComposeFileOption compose;
  @Mixin WorkerSelectionOptions selection;

  @Option(
      names = "--var",
      paramLabel = "NAME",
      defaultValue = "AI_PLUGINS_S3_URI",
      description = "The variable whose value to show (default: ${DEFAULT-VALUE}).")
  String var;

  @Option(names = "--json", description = "Print JSON: {\"services\": [{name, worker, reason, value}]}.")
  boolean json;

  @Override
  public Integer call() {
    ComposeProject project =
        ComposeProject.discover(compose.resolve(), Path.of("").toAbsolutePath(), System.getenv());
    ComposeFile file = project.base();
    List<ServiceChoice> choices = WorkerSelector.select(project, selection.toSelection());
    PrintWriter out = spec.commandLine().getOut();
    project.missingEnvFiles().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
    boolean secret = ComposePlan.isSecretName(var);
    if (json) {
      List<Object> services = new ArrayList<>();
      for (ServiceChoice c : choices) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("worker", c.worker());
        m.put("reason", c.reason());
        Optional<EnvVar> v = Optional.ofNullable(project.environment(c.name()).get(var));
        m.put("value", v.flatMap(project::value).map(x -> secret ? "***" : x).orElse(null));
        m.put("source", v.map(x -> project.display(x.place())).orElse(null));
        services.add(m);
      }
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("file", file.label());
      root.put("files", project.files().stream().map(ComposeFile::label).toList());
      root.put("variable", var);
      root.put("services", services);
      out.println(Json.write(root));
    } else {
      int w = "SERVICE".length();
      for (ServiceChoice c : choices) {
        w = Math.max(w, c.name().length());
      }
      List<String> values = new ArrayList<>();
      int vw = var.length();
      for (ServiceChoice c : choices) {
        String v = describe(project, c.name(), secret);
        values.add(v);
        vw = Math.max(vw, v.length());
      }
      String fmt = "%-" + w + "s  %-6s  %-" + vw + "s  %s%n";
      out.printf(fmt, "SERVICE", "WORKER", var, "REASON");
      for (int i = 0; i < choices.size(); i++) {
        ServiceChoice c = choices.get(i);
        out.printf(fmt, c.name(), c.worker() ? "yes" : "no", values.get(i), c.reason());
      }
      long workers = choices.stream().filter(ServiceChoice::worker).count();
      out.printf("%d of %d services are workers (%s)%n", workers, choices.size(), file.label());
    }
    out.flush();
    return ExitCode.OK;
  }

  /** The effective value (env files, then environment:) as the container gets it. */
  private String describe(ComposeProject project, String service, boolean secret) {
    EnvVar v = project.environment(service).get(var);
    if (v == null) {
      return "(not set)";
    }
    return project.value(v).map(x -> secret ? "***" : x).orElse("(no value)");
  }
}
