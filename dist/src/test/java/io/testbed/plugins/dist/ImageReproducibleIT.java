package io.testbed.plugins.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The image's digest is reproducible when its file tree is: Jib packs the same files, with its
 * fixed times and order, into the same layers. So the tree that the build laid out for the image
 * (target/image-root) is made again, from the same jar, by the same script, in an environment
 * that differs from the build's, and the two must be the same file by file: paths, kinds, modes,
 * link targets and bytes. This runs every step that could vary from build to build: jlink, the
 * training runs, the CDS dump, strip, the libraries.
 */
class ImageReproducibleIT {
  @Test
  void theImageFilesComeOutTheSameWhenMadeAgain() throws Exception {
    Path built = Installed.TARGET.resolve("image-root");
    Path again = Installed.TARGET.resolve("image-root-again");
    List<String> command = new ArrayList<>(List.of("sh",
        System.getProperty("image.script"), System.getProperty("launcher.jar"), again.toString(),
        Installed.EXAMPLE, System.getProperty("repo.dir"),
        Installed.TARGET.resolve("image-empty").toString(),
        System.getProperty("image.appCds"), System.getProperty("image.jdk"),
        System.getProperty("runtime.jdk")));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    // another build's environment: none of it may reach the image
    builder.environment().put("DOCKER_HOST", "tcp://127.0.0.1:9");
    builder.environment().put("JAVA_TOOL_OPTIONS", "-Dtestbed.plugins.unused=1");
    builder.environment().put("AWS_PROFILE", "absent");
    builder.environment().put("XDG_CACHE_HOME", again + ".cache");
    Process make = builder.start();
    String out = new String(make.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(make.waitFor(10, TimeUnit.MINUTES)).isTrue();
    assertThat(make.exitValue()).as(out).isZero();

    Map<String, String> first = describe(built);
    Map<String, String> second = describe(again);
    // the tree holds what the image needs, so that equal trees mean something
    assertThat(first).containsKeys("opt/testbed-plugins/runtime/bin/java",
        "opt/testbed-plugins/runtime/lib/modules", "opt/testbed-plugins/lib/testbed-plugins.jar",
        "opt/testbed-plugins/lib/jvm.options", "lib64/ld-linux-x86-64.so.2");
    if (Files.readString(built.resolve("opt/testbed-plugins/lib/jvm.options"))
        .contains("SharedArchiveFile")) {
      assertThat(first).containsKey("opt/testbed-plugins/lib/testbed-plugins.jsa");
    }
    List<String> differences = new ArrayList<>();
    for (String path : union(first, second)) {
      if (!Objects.equals(first.get(path), second.get(path))) {
        differences.add(path + ": " + first.get(path) + " / " + second.get(path));
      }
    }
    assertThat(differences).as(out).isEmpty();
  }

  private static Set<String> union(Map<String, String> a, Map<String, String> b) {
    Set<String> paths = new TreeSet<>(a.keySet());
    paths.addAll(b.keySet());
    return paths;
  }

  /** Each file's path under root, with its kind, mode, and its bytes' digest or link target. */
  private static Map<String, String> describe(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        String mode = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS).toString();
        String what;
        if (Files.isSymbolicLink(p)) {
          what = "link " + Files.readSymbolicLink(p);
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          what = "dir " + mode;
        } else {
          what = "file " + mode + " " + sha256(p);
        }
        files.put(root.relativize(p).toString(), what);
      }
    }
    return files;
  }

  private static String sha256(Path file) throws IOException {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      try (var in = Files.newInputStream(file)) {
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; ) {
          digest.update(buffer, 0, n);
        }
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
