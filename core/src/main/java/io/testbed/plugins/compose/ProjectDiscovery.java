package io.testbed.plugins.compose;

import io.testbed.plugins.compose.ComposeException.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which files make a compose project, as docker compose finds them when run without {@code -f}:
 * a {@code COMPOSE_FILE} list (from the environment or {@code .env}), else the base and the first
 * override file beside it. Owns discovery only; the project answers everything else.
 */
final class ProjectDiscovery {
  private ProjectDiscovery() {}

  /**
   * The project docker compose would load, run without {@code -f} in the deployment directory:
   *
   * <ul>
   *   <li>when {@code COMPOSE_FILE} is set (in {@code processEnv}, else in the {@code .env} of the
   *       directory) and lists {@code composeFile} (or no file is given): exactly the files it
   *       lists, split on {@code COMPOSE_PATH_SEPARATOR} (default: the OS path separator) and
   *       resolved against {@code cwd} (against the directory, for a list from {@code .env}); no
   *       override file is added;
   *   <li>otherwise the base ({@code composeFile}, or the first of {@link
   *       ComposeFile#DEFAULT_NAMES} in {@code cwd}) and the first existing of {@link
   *       ComposeProject#OVERRIDE_NAMES} beside it.
   * </ul>
   *
   * @param composeFile the base file, or null to find it in {@code cwd}
   * @throws ComposeException when a listed file is missing or a file does not parse
   */
  static ComposeProject discover(
      Path composeFile, Path cwd, Map<String, String> processEnv) {
    Path dir = composeFile != null
        ? composeFile.toAbsolutePath().normalize().getParent() : cwd.toAbsolutePath();
    // the .env of dir, read here only when COMPOSE_FILE may be in it (null: not read)
    Optional<DotEnv> dotEnv = processEnv.containsKey("COMPOSE_FILE") ? null : readDotEnv(dir);
    List<Path> list = composeFileList(cwd.toAbsolutePath(), dir, processEnv, dotEnv);
    if (!list.isEmpty()
        && (composeFile == null || list.contains(composeFile.toAbsolutePath().normalize()))) {
      List<ComposeFile> files = new ArrayList<>();
      for (Path p : list) {
        if (!Files.isRegularFile(p)) {
          throw ComposeException.of(Kind.IO, p.toString(),
              "COMPOSE_FILE names this file, but it does not exist",
              "Fix COMPOSE_FILE (in the environment or in .env), or give the file with --compose.");
        }
        files.add(files.isEmpty() ? ComposeFile.read(p) : ComposeFile.readOverride(p));
      }
      Path first = ComposeProject.directoryOf(files.get(0));
      return withDotEnv(new ComposeProject(files, true, first, processEnv), dir, dotEnv);
    }
    Path base = composeFile != null ? composeFile
        : ComposeFile.discover(dir, Map.of());
    List<ComposeFile> files = new ArrayList<>(List.of(ComposeFile.read(base)));
    existingOverride(base)
        .filter(o -> !o.toAbsolutePath().normalize().equals(base.toAbsolutePath().normalize()))
        .ifPresent(o -> files.add(ComposeFile.readOverride(o)));
    Path first = ComposeProject.directoryOf(files.get(0));
    return withDotEnv(new ComposeProject(files, false, first, processEnv), dir, dotEnv);
  }

  static Optional<DotEnv> readDotEnv(Path dir) {
    Path p = dir.resolve(".env");
    return Files.isRegularFile(p) ? Optional.of(DotEnv.read(p)) : Optional.empty();
  }

  /** The project, keeping the {@code .env} already read from its directory (not read twice). */
  private static ComposeProject withDotEnv(ComposeProject p, Path dir, Optional<DotEnv> dotEnv) {
    if (dotEnv != null && p.directory().equals(dir)) {
      p.keepDotEnv(dotEnv);
    }
    return p;
  }

  /**
   * The files COMPOSE_FILE lists (absolute, normalized): from the process environment, relative to
   * the working directory, else from the {@code .env} of the project directory, relative to it;
   * empty when it is not set.
   */
  private static List<Path> composeFileList(
      Path cwd, Path dir, Map<String, String> processEnv, Optional<DotEnv> dotEnv) {
    Map<String, String> vars = processEnv;
    Path relativeTo = cwd;
    if (dotEnv != null && dotEnv.isPresent()) {
      vars = new HashMap<>(dotEnv.get().values(n -> Optional.ofNullable(processEnv.get(n))));
      vars.putAll(processEnv);
      relativeTo = dir;
    }
    String value = vars.get("COMPOSE_FILE");
    if (value == null || value.isBlank()) {
      return List.of();
    }
    String sep = vars.getOrDefault("COMPOSE_PATH_SEPARATOR", java.io.File.pathSeparator);
    List<Path> out = new ArrayList<>();
    for (String part : value.split(java.util.regex.Pattern.quote(
        sep.isEmpty() ? java.io.File.pathSeparator : sep))) {
      if (!part.isBlank()) {
        out.add(relativeTo.resolve(part.trim()).toAbsolutePath().normalize());
      }
    }
    return out;
  }

  /** The first existing of {@link ComposeProject#OVERRIDE_NAMES} beside the base. */
  static Optional<Path> existingOverride(Path base) {
    return ComposeProject.OVERRIDE_NAMES.stream().map(base::resolveSibling)
        .filter(Files::isRegularFile).findFirst();
  }

  /**
   * The override file for a base: the existing one, else the name that matches the base ({@code
   * compose.override.yaml} beside {@code compose.yaml}, {@code docker-compose.override.yml} beside
   * {@code docker-compose.yml}, and so on; {@code docker-compose.override.yml} for other names).
   */
  static Path defaultOverride(Path base) {
    return existingOverride(base).orElseGet(() -> {
      String name = base.getFileName().toString();
      String ext = name.endsWith(".yaml") ? "yaml" : "yml";
      String stem = name.startsWith("compose.") ? "compose" : "docker-compose";
      return base.resolveSibling(stem + ".override." + ext);
    });
  }
}
