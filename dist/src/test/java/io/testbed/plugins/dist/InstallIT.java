package io.testbed.plugins.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each release archive, unpacked into an empty directory and run: {@code --version} and
 * {@code compose workers} on the example deployment.
 */
class InstallIT {
  private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");
  private static final String WORKERS = "8 of 13 services are workers";

  @TempDir Path tmp;

  @Test
  void theSelfContainedArchiveRunsOnItsOwnRuntimeWithNoJavaOnTheHost() throws Exception {
    Installed it = Installed.unpack("linux-x64", tmp);
    assertThat(it.exec(List.of("sh", "-c", "command -v java")).exit())
        .as("no java on the PATH").isNotZero();
    assertThat(it.env).doesNotContainKey("JAVA_HOME");
    assertLayout(it.home);
    Path runtime = it.home.resolve("runtime");
    assertThat(runtime.resolve("bin/java")).isExecutable();
    assertThat(runtime.resolve("include")).as("no header files").doesNotExist();
    assertThat(runtime.resolve("man")).as("no man pages").doesNotExist();

    Installed.Run version = it.run("--version");
    assertThat(version.exit()).as(version.out()).isZero();
    assertThat(version.out()).contains("testbed-plugins " + Installed.VERSION)
        .contains(") at " + runtime.toRealPath());

    assertShippedCacheOpensWhereUnpacked(it);

    Installed.Run first = it.run("compose", "workers", "--compose", Installed.EXAMPLE);
    assertThat(first.exit()).as(first.out()).isZero();
    assertThat(first.out()).contains(WORKERS);
    Installed.Run again = it.run("compose", "workers", "--compose", Installed.EXAMPLE);
    assertThat(again).isEqualTo(first);

    // the one install step: links into a prefix, and the linked launcher still finds its runtime
    Path prefix = tmp.resolve("prefix");
    Installed.Run install = it.exec(List.of(it.home.resolve("install.sh").toString(), "--prefix", prefix.toString()));
    assertThat(install.exit()).as(install.out()).isZero();
    assertThat(prefix.resolve("share/man/man1/testbed-plugins.1")).isRegularFile();
    assertThat(prefix.resolve("share/bash-completion/completions/testbed-plugins")).isRegularFile();
    assertThat(it.exec(List.of(prefix.resolve("bin/testbed-plugins").toString(), "--version")).out())
        .isEqualTo(version.out());
    Installed.Run remove = it.exec(List.of(it.home.resolve("install.sh").toString(), "--remove", "--prefix", prefix.toString()));
    assertThat(remove.exit()).as(remove.out()).isZero();
    try (Stream<Path> left = Files.walk(prefix)) {
      assertThat(left.filter(Files::isSymbolicLink)).as("links left after --remove").isEmpty();
    }
  }

  /**
   * Whatever the state of the start-up cache, shipped or per user, the JVM says nothing: not on
   * the first run, not on the next, not once the jar's time stamp no longer matches the shipped
   * cache (a copy that kept no times); stdout is the JSON alone, stderr is empty.
   */
  @Test
  void theSelfContainedArchiveSaysNothingOfItsStartUpCache() throws Exception {
    Installed it = Installed.unpack("linux-x64", tmp);
    it.env.put("JAVA_OPTS", "-Dnothing=more");   // the launcher's own options only
    Path jar = it.home.resolve("lib/testbed-plugins.jar");
    for (int run = 0; run < 3; run++) {
      if (run == 2) {
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
      }
      Installed.Apart json = it.runApart("compose", "workers", "--compose", Installed.EXAMPLE, "--json");
      assertThat(json.exit()).as(json.out() + json.err()).isZero();
      assertThat(json.err()).as("stderr, run " + run).isEmpty();
      assertThat(json.out().strip()).as("stdout, run " + run).startsWith("{\"file\":").endsWith("}")
          .doesNotContain("\n[");
    }
    if (Files.isRegularFile(it.home.resolve("lib/testbed-plugins.aot"))) {
      it.env.put("JAVA_OPTS", "-Xlog:aot=info");
      assertThat(it.run("compose", "workers", "--compose", Installed.EXAMPLE).out())
          .as("the shipped cache no longer fits the jar").contains("timestamp has changed");
    }
  }

  @Test
  void thePlainArchiveRunsOnJava17() throws Exception {
    Optional<Path> jdk17 = jdk(17);
    assumeTrue(jdk17.isPresent(), "no JDK 17 here");
    Installed it = Installed.unpack(null, tmp);
    it.env.put("JAVA_HOME", jdk17.get().toString());
    assertLayout(it.home);
    assertThat(it.home.resolve("runtime")).doesNotExist();

    Installed.Run version = it.run("--version");
    assertThat(version.exit()).as(version.out()).isZero();
    assertThat(version.out()).contains("testbed-plugins " + Installed.VERSION)
        .contains("Java 17.").contains(") at " + jdk17.get().toRealPath());

    Installed.Run workers = it.run("compose", "workers", "--compose", Installed.EXAMPLE);
    assertThat(workers.exit()).as(workers.out()).isZero();
    assertThat(workers.out()).contains(WORKERS);
  }

  /**
   * The start-up cache made at package time works from here: on JDK 25 the AOT cache holds the
   * jar's classes; on JDK 17 the runtime's default CDS archive holds every JDK class the command
   * loads (and no per-user cache is needed for that: it is off here).
   */
  private static void assertShippedCacheOpensWhereUnpacked(Installed it) throws Exception {
    Map<String, String> plain = Map.copyOf(it.env);
    it.env.put("JAVA_OPTS", "-Xlog:class+load=info");
    boolean aot = Files.isRegularFile(it.home.resolve("lib/testbed-plugins.aot"));
    if (!aot) {
      it.env.put("TESTBED_PLUGINS_CDS", "0");
    }
    Installed.Run loads = it.run("compose", "workers", "--compose", Installed.EXAMPLE);
    it.env.clear();
    it.env.putAll(plain);
    assertThat(loads.exit()).as(loads.out()).isZero();
    if (aot) {
      assertThat(loads.out()).contains("io.testbed.plugins.cli.Main source: shared objects file");
    } else {
      assertThat(loads.out()).contains("java.lang.Object source: shared objects file")
          .contains("java.util.regex.Pattern source: shared objects file")
          .doesNotContain("source: jrt:/");
    }
  }

  /** What both archives hold besides the runtime. */
  private static void assertLayout(Path home) throws IOException {
    assertThat(home.resolve("bin/testbed-plugins")).isExecutable();
    assertThat(home.resolve("install.sh")).isExecutable();
    assertThat(home.resolve("lib/testbed-plugins.jar")).isRegularFile();
    assertThat(home.resolve("README.md")).isRegularFile();
    assertThat(home.resolve("LICENSE")).as("the license, as at the root of the repository")
        .hasSameTextualContentAs(Path.of(Installed.EXAMPLE).getParent().getParent().getParent().resolve("LICENSE"));
    assertThat(Files.readString(home.resolve("LICENSE"))).contains("Apache License", "Version 2.0, January 2004");
    assertThat(Files.readString(home.resolve("share/bash-completion/completions/testbed-plugins")))
        .contains("complete -F _complete_testbed-plugins")
        .contains("configure status compose lint sync mb");
    for (String page : List.of("testbed-plugins", "testbed-plugins-configure", "testbed-plugins-status",
        "testbed-plugins-compose-workers", "testbed-plugins-compose-set-env", "testbed-plugins-lint",
        "testbed-plugins-sync", "testbed-plugins-mb")) {
      Path file = home.resolve("share/man/man1/" + page + ".1");
      assertThat(file).isRegularFile();
      assertThat(Files.readString(file, StandardCharsets.UTF_8)).as(page)
          .contains(".TH \"" + page.toUpperCase(Locale.ROOT).replace("-", "\\-") + "\" \"1\"")
          .contains("testbed\\-plugins " + Installed.VERSION.replace("-", "\\-"));
    }
  }

  /** The running JDK if it is of that feature version, else one under /usr/lib/jvm. */
  private static Optional<Path> jdk(int feature) throws IOException {
    Path running = Path.of(System.getProperty("java.home"));
    if (Runtime.version().feature() == feature) {
      return Optional.of(running);
    }
    Path root = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> jdks = Files.list(root)) {
      return jdks.filter(jdk -> Files.isExecutable(jdk.resolve("bin/java")))
          .filter(jdk -> feature(jdk) == feature)
          .sorted()
          .findFirst();
    }
  }

  private static int feature(Path jdk) {
    try {
      Matcher m = JAVA_VERSION.matcher(Files.readString(jdk.resolve("release"), StandardCharsets.ISO_8859_1));
      return m.find() ? Integer.parseInt(m.group(1)) : 0;
    } catch (IOException e) {
      return 0;
    }
  }
}
