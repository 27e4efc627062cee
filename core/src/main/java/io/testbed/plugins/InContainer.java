package io.testbed.plugins;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether this run is inside the tool's container image, which sets {@value #VARIABLE}{@code =1}
 * (any container that sets it is treated the same), and the one thing such a run learns about the
 * host from the container itself: the name of the host directory mounted at the deployment
 * directory, which docker compose on the host takes as the project name. Nothing else changes
 * with it: {@code compose} reads the project, {@code configure} reaches the endpoint by its
 * service name on the compose network, {@code docker} knows there is no CLI to run.
 */
public final class InContainer {
  /** Set to {@code 1} by the image. */
  public static final String VARIABLE = "TESTBED_PLUGINS_IN_CONTAINER";

  private static final Path MOUNTS = Path.of("/proc/self/mountinfo");

  private InContainer() {}

  /** Whether {@code env} (the process environment) says this run is in the image. */
  public static boolean is(Map<String, String> env) {
    return "1".equals(env.get(VARIABLE));
  }

  /**
   * The name the host gives the directory mounted at {@code dir} ({@code docker run -v
   * /etc/securing-ai/lab_deployment:/deploy} gives {@code lab_deployment} for {@code /deploy}):
   * the last part of the mount's source in {@code /proc/self/mountinfo}. Empty when {@code dir} is
   * no mount point, or is a whole file system or a named volume (no host directory name).
   */
  public static Optional<String> hostName(Path dir) {
    try {
      return hostName(dir.toRealPath(), Files.readAllLines(MOUNTS, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** {@link #hostName(Path)} from the lines of a mountinfo file; the last mount there wins. */
  static Optional<String> hostName(Path dir, List<String> mountinfo) {
    Optional<String> name = Optional.empty();
    for (String line : mountinfo) {
      String[] f = line.split(" ");
      if (f.length < 5 || !unescape(f[4]).equals(dir.toString())) {
        continue;
      }
      Path source = Path.of(unescape(f[3])).getFileName();
      name = source == null || source.toString().equals("_data")
          ? Optional.empty() : Optional.of(source.toString());
    }
    return name;
  }

  /** mountinfo writes space, tab, newline and backslash as {@code \ooo}. */
  private static String unescape(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
        b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
