package io.testbed.plugins.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.testbed.plugins.configure.ConfigureResult;
import io.testbed.plugins.testing.EmbeddedS3;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/usage.md's library example: it runs against S3Proxy on a copy of the example lab
 * deployment (MinIO's published port and credentials from its {@code .env}), and the page quotes
 * the compiled source exactly.
 */
class LibraryUseTest {
  private static final Path REPO = Path.of("").toAbsolutePath().getParent();
  private static final Path SOURCE =
      Path.of("src/main/java/io/testbed/plugins/examples/LibraryUse.java");

  @TempDir Path tmp;

  @Test
  void theExampleConfiguresTheDeploymentAndIsThenUpToDate() throws Exception {
    Path lab = Files.createDirectories(tmp.resolve("lab_deployment"));
    for (String file : List.of("docker-compose.yml", ".env")) {
      Files.copy(REPO.resolve("examples/lab_deployment").resolve(file), lab.resolve(file));
    }
    Path plugins = REPO.resolve("examples/task-plugins/securingai_builtins");
    String dotEnv = Files.readString(lab.resolve(".env"));
    int port = freePort();

    try (EmbeddedS3 s3 = EmbeddedS3.start(tmp.resolve("s3"), port, value(dotEnv, "MINIO_ROOT_USER"),
        value(dotEnv, "MINIO_ROOT_PASSWORD"))) {
      // the environment wins over .env, as in docker compose: MinIO is on this port today
      Map<String, String> env = Map.of("MINIO_PORT", String.valueOf(port));

      Optional<ConfigureResult> first = LibraryUse.configure(lab.resolve("docker-compose.yml"),
          plugins, env);

      assertThat(first).hasValueSatisfying(r -> {
        assertThat(r.bucketsCreated()).containsExactly("plugins");
        assertThat(r.ok()).isTrue();
        assertThat(r.written()).extracting(p -> p.getFileName().toString())
            .containsExactly("docker-compose.yml");
      });
      assertThat(files(s3.storeDir().resolve("plugins/securingai_builtins")))
          .isEqualTo(files(plugins));
      assertThat(Files.readString(lab.resolve("docker-compose.yml")))
          .contains("AI_PLUGINS_S3_URI: s3://plugins/securingai_builtins");

      assertThat(LibraryUse.configure(lab.resolve("docker-compose.yml"), plugins, env)).isEmpty();
      assertThat(LibraryUse.objects(s3.endpoint().toString(), value(dotEnv, "MINIO_ROOT_USER"),
          value(dotEnv, "MINIO_ROOT_PASSWORD"), Map.of()))
          .isEqualTo(files(plugins).size());
    }
  }

  @Test
  void usageMdQuotesTheCompiledExamplesExactlyAndInOrder() throws IOException {
    String page = Files.readString(REPO.resolve("docs/usage.md"));
    String section = page.substring(page.indexOf("\n## Library use\n"));
    section = section.substring(0, section.indexOf("\n## ", 1) < 0 ? section.length()
        : section.indexOf("\n## ", 1));
    List<String> blocks = new ArrayList<>();
    Matcher block = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(section);
    while (block.find()) {
      blocks.add(block.group(1));
    }
    String source = Files.readString(SOURCE);
    List<String> regions = new ArrayList<>();
    Matcher tag = Pattern.compile("// tag::([a-z-]+)\\[\\]").matcher(source);
    while (tag.find()) {
      regions.add(region(source, tag.group(1)));
    }

    assertThat(regions).hasSize(2);
    assertThat(blocks).isEqualTo(regions);
  }

  /** The lines between {@code // tag::NAME[]} and {@code // end::NAME[]}, their common indent removed. */
  static String region(String source, String name) {
    List<String> lines = new ArrayList<>();
    boolean in = false;
    for (String line : source.split("\n", -1)) {
      if (line.strip().equals("// end::" + name + "[]")) {
        break;
      }
      if (in) {
        lines.add(line);
      }
      in |= line.strip().equals("// tag::" + name + "[]");
    }
    int indent = lines.stream().filter(l -> !l.isBlank())
        .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    StringBuilder out = new StringBuilder();
    lines.forEach(l -> out.append(l.isBlank() ? "" : l.substring(indent)).append('\n'));
    return out.toString();
  }

  private static String value(String dotEnv, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "=(.*)$").matcher(dotEnv);
    assertThat(m.find()).as(name + " in .env").isTrue();
    return m.group(1).strip();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static List<String> files(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted()
          .toList();
    }
  }
}
