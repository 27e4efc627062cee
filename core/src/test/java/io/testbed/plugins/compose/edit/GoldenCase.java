package io.testbed.plugins.compose.edit;

import io.testbed.plugins.compose.ComposeFile;
import io.testbed.plugins.compose.WorkerSelection;
import io.testbed.plugins.compose.WorkerSelector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One golden case in {@code compose/golden/}: {@code NAME.input.yml}, and either {@code
 * NAME.expected.yml} or refusal expectations in {@code NAME.args}. The optional args file holds
 * lines {@code services: A B} (default: the default worker selection), {@code set: NAME=VALUE}
 * (default: AI_PLUGINS_S3_URI=s3://plugins/securingai_builtins), {@code refused: SERVICE
 * reason-fragment}, or {@code invalid: LINE:COL problem-fragment} for a file that must be refused
 * as a whole like a syntax error.
 */
record GoldenCase(String name, Path input, Path expected, List<String> services,
    Map<String, String> vars, Map<String, String> refusals, String invalid) {

  static final String DEFAULT_VAR = "AI_PLUGINS_S3_URI";
  static final String DEFAULT_VALUE = "s3://plugins/securingai_builtins";

  @Override
  public String toString() {
    return name;
  }

  static Path dir() {
    try {
      return Path.of(GoldenCase.class.getResource("/compose/golden").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<GoldenCase> all() throws IOException {
    Path dir = dir();
    List<GoldenCase> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path in : files.filter(p -> p.toString().endsWith(".input.yml")).sorted().toList()) {
        String name = in.getFileName().toString().replace(".input.yml", "");
        out.add(load(dir, name, in));
      }
    }
    return out.stream();
  }

  private static GoldenCase load(Path dir, String name, Path in) {
    List<String> services = null;
    Map<String, String> vars = new LinkedHashMap<>();
    Map<String, String> refusals = new LinkedHashMap<>();
    String invalid = null;
    Path args = dir.resolve(name + ".args");
    if (Files.exists(args)) {
      try {
        for (String line : Files.readAllLines(args, StandardCharsets.UTF_8)) {
          if (line.startsWith("services:")) {
            services = List.of(line.substring(9).trim().split("\\s+"));
          } else if (line.startsWith("set:")) {
            String kv = line.substring(4).trim();
            int eq = kv.indexOf('=');
            vars.put(kv.substring(0, eq), kv.substring(eq + 1));
          } else if (line.startsWith("refused:")) {
            String[] parts = line.substring(8).trim().split("\\s+", 2);
            refusals.put(parts[0], parts[1]);
          } else if (line.startsWith("invalid:")) {
            invalid = line.substring(8).trim();
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (vars.isEmpty()) {
      vars.put(DEFAULT_VAR, DEFAULT_VALUE);
    }
    return new GoldenCase(name, in, dir.resolve(name + ".expected.yml"), services, vars, refusals,
        invalid);
  }

  List<String> selected(ComposeFile file) {
    return services != null ? services
        : WorkerSelector.workers(WorkerSelector.select(file, WorkerSelection.defaults()));
  }

  ComposePlan plan(ComposeFile file) {
    return EnvEdit.plan(file, selected(file), vars);
  }
}
