package io.testbed.plugins.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real CLI as a separate JVM (the test's own classpath, {@link Main} as the entry point), for
 * tests that need a process: environment variables, {@code kill -9}, concurrent runs.
 */
final class CliProcess {
  private final Path dir;
  private final Map<String, String> env;

  record Result(int exit, String out, String err) {
    String all() {
      return out + err;
    }
  }

  CliProcess(Path dir, Map<String, String> env) {
    this.dir = dir;
    this.env = env;
  }

  /** Starts the CLI; stdout and stderr go to files beside {@code dir}'s logs. */
  Process start(Path outFile, Path errFile, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.equals("MLFLOW_S3_ENDPOINT_URL") || k.equals("COMPOSE_FILE"));
    pb.environment().putAll(env);
    pb.redirectOutput(outFile.toFile());
    pb.redirectError(errFile.toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    return pb.start();
  }

  /** Runs the CLI to completion (at most two minutes). */
  Result run(String... args) throws IOException, InterruptedException {
    Path out = Files.createTempFile("cli-out", ".txt");
    Path err = Files.createTempFile("cli-err", ".txt");
    try {
      Process p = start(out, err, args);
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly().waitFor();
        throw new AssertionError("CLI did not finish in 2 minutes: " + String.join(" ", args));
      }
      return new Result(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
