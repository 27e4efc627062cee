package io.testbed.plugins.docker;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program found on {@code PATH} (the {@code docker} and compose CLIs) with a time limit, so
 * that an engine that does not answer never hangs a run. Output goes to temporary files, so a
 * program that writes a lot cannot block on a full pipe.
 */
final class ExternalCommand {
  /**
   * What a run gave.
   *
   * @param exit the exit code; -1 when it did not finish in time or could not start
   * @param timedOut whether it was stopped at the time limit
   */
  record Outcome(int exit, String out, String err, boolean timedOut) {
    boolean ok() {
      return exit == 0 && !timedOut;
    }

    /** The first non-blank line of the error output (else of the output), for messages. */
    String message() {
      if (timedOut) {
        return "no answer";
      }
      return (err + "\n" + out).lines().map(String::strip).filter(s -> !s.isEmpty()).findFirst()
          .orElse("exit code " + exit);
    }
  }

  private final Map<String, String> env;

  ExternalCommand(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** The executable {@code name} in one of the {@code PATH} directories. */
  Optional<Path> find(String name) {
    for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path exe = Path.of(dir, name);
        if (Files.isExecutable(exe) && !Files.isDirectory(exe)) {
          return Optional.of(exe);
        }
      }
    }
    return Optional.empty();
  }

  /** Runs {@code command} (its first element an executable path) in the working directory. */
  Outcome run(List<String> command, Duration limit) {
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("testbed-plugins-", ".out");
      err = Files.createTempFile("testbed-plugins-", ".err");
      ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command))
          .redirectOutput(out.toFile()).redirectError(err.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      pb.environment().clear();
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        return new Outcome(-1, read(out), read(err), true);
      }
      return new Outcome(p.exitValue(), read(out), read(err), false);
    } catch (IOException e) {
      return new Outcome(-1, "", String.valueOf(e.getMessage()), false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(-1, "", "interrupted", false);
    } finally {
      delete(out);
      delete(err);
    }
  }

  private static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8);
  }

  private static void delete(Path p) {
    if (p != null) {
      p.toFile().delete();
    }
  }
}
