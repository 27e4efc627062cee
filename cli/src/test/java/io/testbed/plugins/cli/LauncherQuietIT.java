package io.testbed.plugins.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.testbed.plugins.testing.EmbeddedS3;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/**
 * {@code bin/testbed-plugins} keeps the JVM quiet: whatever state the start-up cache is in (made by
 * the jar before it was rebuilt, by another build of the JDK, by another command, garbage, in a
 * directory that cannot be written), nothing but the tool's own words reaches stdout or stderr,
 * and {@code --json} output parses; on JDK 17 and on JDK 25 or later, where installed. Each case
 * first shows, with the JVM's own log turned on, that the JVM did meet the cache it describes.
 * Out of memory still shows.
 */
class LauncherQuietIT {
  private static final Path SCRIPT = Path.of(System.getProperty("launcher.script"));
  private static final Path JAR = Path.of(System.getProperty("launcher.jar"));
  private static final String COMPOSE = System.getProperty("launcher.example");
  private static final Path JDKS = Path.of("/usr/lib/jvm");
  private static final Pattern RELEASE = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");
  private static final Pattern RUNTIME = Pattern.compile("(?m)^JAVA_RUNTIME_VERSION=\"([^\"]+)\"");

  @TempDir Path tmp;

  record Run(int exit, String out, String err) {
    String all() {
      return out + err;
    }
  }

  /** A JDK to run on: its directory and feature version. */
  record Jdk(Path home, int feature) {
    /** The JVM's log of its start-up cache: {@code aot} from JDK 25 on, else {@code cds}. */
    String cacheLog() {
      return feature >= 25 ? "-Xlog:aot=info" : "-Xlog:cds=info";
    }

    String suffix() {
      return feature >= 25 ? ".aot" : ".jsa";
    }

    @Override
    public String toString() {
      return "JDK " + feature;
    }
  }

  /** JDK 17 (or the oldest from 17 to 24) and the newest JDK 25 or later under /usr/lib/jvm. */
  static List<Jdk> jdks() throws IOException {
    List<Jdk> all = new ArrayList<>();
    if (Files.isDirectory(JDKS)) {
      try (Stream<Path> dirs = Files.list(JDKS)) {
        for (Path d : dirs.sorted().toList()) {
          if (Files.isExecutable(d.resolve("bin/java")) && !Files.isSymbolicLink(d)) {
            release(d, RELEASE).map(Integer::parseInt).ifPresent(f -> all.add(new Jdk(d, f)));
          }
        }
      }
    }
    List<Jdk> chosen = new ArrayList<>();
    all.stream().filter(j -> j.feature() >= 17 && j.feature() < 25)
        .min((a, b) -> Integer.compare(a.feature(), b.feature())).ifPresent(chosen::add);
    all.stream().filter(j -> j.feature() >= 25)
        .max((a, b) -> Integer.compare(a.feature(), b.feature())).ifPresent(chosen::add);
    if (chosen.isEmpty()) {
      chosen.add(new Jdk(Path.of(System.getProperty("java.home")), Runtime.version().feature()));
    }
    return chosen;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void aCacheOfTheJarBeforeItWasRebuiltIsDroppedSilently(Jdk jdk) throws Exception {
    Path jar = install("one");
    Map<String, String> env = env(jdk, jar);
    quiet(run(env, "compose", "workers", "--compose", COMPOSE, "--json"));
    Path cache = onlyCache();

    // rebuilt: a new time stamp; the old cache under the name the new jar is looked up by
    long before = Files.getLastModifiedTime(jar).toMillis() / 1000;
    Files.setLastModifiedTime(jar, FileTime.fromMillis((before + 60) * 1000));
    Path stale = cache.resolveSibling(cache.getFileName().toString()
        .replace("-" + before + "-", "-" + (before + 60) + "-"));
    Files.move(cache, stale);

    assertThat(logged(jdk, env, "compose", "workers", "--compose", COMPOSE, "--json"))
        .containsPattern("(?i)not the one used while building the shared archive");
    quiet(run(env, "compose", "workers", "--compose", COMPOSE, "--json"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void aCacheOfAnotherBuildOfTheJdkIsDroppedSilently(Jdk jdk) throws Exception {
    Map<String, String> env = env(jdk, install("one"));
    quiet(run(env, "compose", "workers", "--compose", COMPOSE, "--json"));
    Path cache = onlyCache();

    // the JDK updated: the cache holds another build's version string (same length)
    String version = release(jdk.home(), RUNTIME).orElseThrow();
    String other = version.substring(0, version.length() - 1)
        + (version.endsWith("9") ? "8" : "9");
    byte[] bytes = Files.readAllBytes(cache);
    int at = indexOf(bytes, version.getBytes(StandardCharsets.US_ASCII));
    assertThat(at).as(version + " in " + cache).isNotNegative();
    System.arraycopy(other.getBytes(StandardCharsets.US_ASCII), 0, bytes, at, other.length());
    cache.toFile().setWritable(true);
    Files.write(cache, bytes);

    assertThat(logged(jdk, env, "compose", "workers", "--compose", COMPOSE, "--json"))
        .contains("different version or build of HotSpot");
    quiet(run(env, "compose", "workers", "--compose", COMPOSE, "--json"));

    Files.write(cache, "not a cache at all\n".repeat(1000).getBytes(StandardCharsets.US_ASCII));
    quiet(run(env, "compose", "workers", "--compose", COMPOSE, "--json"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void aCacheMadeByAnotherCommandServesStatusJsonSilently(Jdk jdk) throws Exception {
    Map<String, String> env = env(jdk, install("one"));
    quiet(run(env, "compose", "workers", "--compose", COMPOSE, "--json"));
    Path cache = onlyCache();
    for (String command : List.of("status", "lint")) {
      Files.copy(cache, cache.resolveSibling(cache.getFileName().toString()
          .replaceFirst("^compose-", command + "-")));
    }
    Path plugins = Path.of(COMPOSE).getParent().resolveSibling("task-plugins/securingai_builtins");

    try (EmbeddedS3 s3 = EmbeddedS3.start(tmp.resolve("s3"))) {
      env.put("AWS_ACCESS_KEY_ID", s3.accessKey());
      env.put("AWS_SECRET_ACCESS_KEY", s3.secretKey());
      env.put("AWS_REGION", "us-east-1");
      env.put("AWS_EC2_METADATA_DISABLED", "true");
      String[] status = {"status", "--compose", COMPOSE, "--plugins", plugins.toString(),
          "--endpoint-url", s3.endpoint().toString(), "--json"};
      assertThat(logged(jdk, env, status)).containsPattern("(?i)opened (AOT cache|archive) "
          + Pattern.quote(cache.getParent().resolve("status-").toString()));

      Run run = run(env, status);
      assertThat(run.exit()).as(run.all()).isEqualTo(3);   // no bucket yet: drift
      quiet(run);
      Run lint = run(env, "lint", "--compose", COMPOSE, "--json");
      assertThat(lint.exit()).as(lint.all()).isLessThanOrEqualTo(1);
      quiet(lint);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void aReadOnlyCacheDirectoryServesItsCachesAndGetsNoNewOneSilently(Jdk jdk) throws Exception {
    Map<String, String> env = env(jdk, install("one"));
    quiet(run(env, "compose", "workers", "--compose", COMPOSE, "--json"));
    Path cache = onlyCache();
    try (ReadOnly dir = ReadOnly.make(cache.getParent())) {
      assertThat(logged(jdk, env, "compose", "workers", "--compose", COMPOSE, "--json"))
          .containsPattern("(?i)opened (AOT cache|archive) " + Pattern.quote(cache.toString()));
      quiet(run(env, "compose", "workers", "--compose", COMPOSE, "--json"));
      Run lint = run(env, "lint", "--compose", COMPOSE, "--json");
      assertThat(lint.exit()).as(lint.all()).isLessThanOrEqualTo(1);
      quiet(lint);
      assertThat(caches()).containsExactly(cache);
    }
  }

  @Test
  void aJdkBefore25WithoutADefaultCdsArchiveRunsWithoutACache() throws Exception {
    Jdk jdk = jdks().get(0);
    assumeTrue(jdk.feature() < 25, "no JDK 17 to 24 here");
    Path runtime = tmp.resolve("runtime");
    Process jlink = new ProcessBuilder(jdk.home().resolve("bin/jlink").toString(), "--add-modules",
        "java.base,java.xml", "--output", runtime.toString()).inheritIO().start();
    assertThat(jlink.waitFor()).isZero();
    try (Stream<Path> files = Files.walk(runtime)) {
      assertThat(files.filter(f -> f.toString().endsWith(".jsa"))).as("default CDS archive")
          .isEmpty();
    }
    Map<String, String> env = env(new Jdk(runtime, jdk.feature()), install("one"));

    for (int i = 0; i < 2; i++) {
      Run run = run(env, "compose", "workers", "--compose", COMPOSE, "--json");
      assertThat(run.exit()).as(run.all()).isZero();
      quiet(run);
    }
    assertThat(caches()).isEmpty();
  }

  @Test
  void outOfMemoryStillShowsOnStandardError() throws Exception {
    Jdk jdk = jdks().get(0);
    Map<String, String> env = env(jdk, install("one"));
    Path big = tmp.resolve("big/docker-compose.yml");
    Files.createDirectories(big.getParent());
    StringBuilder yaml = new StringBuilder("services:\n");
    for (int i = 0; i < 20_000; i++) {
      yaml.append("  s").append(i).append(":\n    image: lab/tensorflow2-cpu:").append(i)
          .append("\n    environment:\n      A: \"").append("y".repeat(50)).append("\"\n");
    }
    Files.writeString(big, yaml);
    env.put("JAVA_OPTS", "-Xmx16m");

    Run run = run(env, "compose", "workers", "--compose", big.toString(), "--json");

    assertThat(run.exit()).as(run.all()).isNotZero();
    assertThat(run.err()).contains("java.lang.OutOfMemoryError");
  }

  @Test
  void twoInstallsSideBySideKeepTheirOwnCaches() throws Exception {
    Jdk jdk = jdks().get(jdks().size() - 1);
    Map<String, String> one = env(jdk, install("one"));
    Map<String, String> two = env(jdk, install("two"));

    quiet(run(one, "compose", "workers", "--compose", COMPOSE, "--json"));
    Path first = onlyCache();
    quiet(run(two, "compose", "workers", "--compose", COMPOSE, "--json"));
    List<Path> caches = caches();
    assertThat(caches).hasSize(2).contains(first);
    Path second = caches.get(caches.get(0).equals(first) ? 1 : 0);
    Map<Path, FileTime> made = new HashMap<>();
    for (Path c : caches) {
      made.put(c, Files.getLastModifiedTime(c));
    }

    for (int i = 0; i < 2; i++) {
      assertThat(logged(jdk, one, "compose", "workers", "--compose", COMPOSE, "--json"))
          .containsPattern("(?i)opened (AOT cache|archive) " + Pattern.quote(first.toString()));
      assertThat(logged(jdk, two, "compose", "workers", "--compose", COMPOSE, "--json"))
          .containsPattern("(?i)opened (AOT cache|archive) " + Pattern.quote(second.toString()));
    }
    assertThat(caches()).containsExactlyElementsOf(caches);
    for (Path c : caches) {
      assertThat(Files.getLastModifiedTime(c)).as(c.toString()).isEqualTo(made.get(c));
    }
  }

  // ---- helpers ----

  /** Nothing on stderr; stdout one JSON document and nothing else. */
  private static void quiet(Run run) {
    assertThat(run.err()).as("stderr of a run that printed:\n" + run.out()).isEmpty();
    String out = run.out().strip();
    assertThat(out).as("stdout").startsWith("{").endsWith("}");
    JsonNodeParser.create().parse(out);
  }

  /** The output of a run with the JVM's log of its start-up cache turned on. */
  private String logged(Jdk jdk, Map<String, String> env, String... args) throws Exception {
    Map<String, String> logging = new HashMap<>(env);
    logging.put("JAVA_OPTS", jdk.cacheLog());
    return run(logging, args).all();
  }

  /** A copy of the jar as an install of its own: {@code tmp/NAME/lib/testbed-plugins.jar}. */
  private Path install(String name) throws IOException {
    Path jar = tmp.resolve(name).resolve("lib/testbed-plugins.jar");
    Files.createDirectories(jar.getParent());
    Files.copy(JAR, jar, StandardCopyOption.COPY_ATTRIBUTES);
    return jar;
  }

  private Map<String, String> env(Jdk jdk, Path jar) {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("HOME", tmp.toString());
    env.put("LANG", "C.UTF-8");
    env.put("TESTBED_PLUGINS_JAVA", jdk.home().toString());
    env.put("TESTBED_PLUGINS_JAR", jar.toString());
    env.put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
    return env;
  }

  private List<Path> caches() throws IOException {
    Path dir = tmp.resolve("cache/testbed-plugins");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  private Path onlyCache() throws IOException {
    List<Path> caches = caches();
    assertThat(caches).hasSize(1);
    return caches.get(0);
  }

  private Run run(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("launcher did not finish in 2 minutes: " + command);
    }
    Run run = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    Files.delete(out);
    Files.delete(err);
    return run;
  }

  private static Optional<String> release(Path jdk, Pattern field) {
    try {
      Matcher m = field.matcher(Files.readString(jdk.resolve("release"),
          StandardCharsets.ISO_8859_1));
      return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static int indexOf(byte[] in, byte[] what) {
    outer:
    for (int i = 0; i + what.length <= in.length; i++) {
      for (int j = 0; j < what.length; j++) {
        if (in[i + j] != what[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /**
   * A directory made read-only for this user: mode 0555, or for root (whom modes do not stop)
   * the immutable attribute ({@code chattr +i}); the test is skipped where neither holds.
   */
  private record ReadOnly(Path dir, boolean immutable) implements AutoCloseable {
    static ReadOnly make(Path dir) throws Exception {
      boolean root = "root".equals(System.getProperty("user.name"));
      if (!root) {
        assumeTrue(dir.toFile().setWritable(false, false), "cannot make " + dir + " read-only");
      } else {
        Process p = new ProcessBuilder("chattr", "+i", dir.toString()).redirectErrorStream(true)
            .start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(p.waitFor() == 0, "running as root and chattr +i failed: " + said);
      }
      ReadOnly ro = new ReadOnly(dir, root);
      Path probe = dir.resolve("probe");
      try {
        Files.createFile(probe);
        Files.delete(probe);
        ro.close();
        assumeTrue(false, dir + " is still writable");
      } catch (IOException expected) {
        // read-only, as wanted
      }
      return ro;
    }

    @Override
    public void close() throws Exception {
      if (immutable) {
        new ProcessBuilder("chattr", "-i", dir.toString()).inheritIO().start().waitFor();
      } else {
        dir.toFile().setWritable(true, true);
      }
    }
  }
}
