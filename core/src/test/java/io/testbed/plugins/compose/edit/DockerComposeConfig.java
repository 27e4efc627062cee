package io.testbed.plugins.compose.edit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Each service's environment as {@code docker-compose config} (the Python docker-compose 1.29,
 * when installed) prints it for the project in a directory: env files and {@code extends}
 * resolved by compose itself. Empty when docker-compose is not installed.
 */
final class DockerComposeConfig {
  private DockerComposeConfig() {}

  static Optional<Map<String, Map<String, String>>> environments(Path dir)
      throws IOException, InterruptedException {
    Process proc;
    try {
      proc = new ProcessBuilder("docker-compose", "config").directory(dir.toFile())
          .redirectErrorStream(false).start();
    } catch (IOException e) {
      return Optional.empty();
    }
    byte[] out = proc.getInputStream().readAllBytes();
    String err = new String(proc.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!proc.waitFor(60, TimeUnit.SECONDS) || proc.exitValue() != 0) {
      throw new AssertionError("docker-compose config failed in " + dir + ": " + err);
    }
    Object doc = new Load(LoadSettings.builder().build())
        .loadFromString(new String(out, StandardCharsets.UTF_8));
    Map<String, Map<String, String>> result = new LinkedHashMap<>();
    Map<?, ?> services = (Map<?, ?>) ((Map<?, ?>) doc).get("services");
    services.forEach((name, def) -> {
      Map<String, String> env = new LinkedHashMap<>();
      Object e = ((Map<?, ?>) def).get("environment");
      if (e instanceof Map<?, ?> m) {
        m.forEach((k, v) -> env.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
      }
      result.put(String.valueOf(name), env);
    });
    return Optional.of(result);
  }
}
