package io.testbed.plugins.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The engine suite's deployment on disk: its images (built without a registry, tagged by their
 * content), what {@code /app} holds, and the deployment directory with its compose file and
 * {@code .env}.
 */
final class EngineLab {
  private EngineLab() {}

  /**
   * Writes the deployment directory {@code work/PROJECT} (compose file and {@code .env}: the
   * credentials, the run, its owner, the images, {@code /app}), with the images it needs.
   */
  static Path write(Engine engine, Path work, String project, String run) throws Exception {
    Map<String, String> images = images(engine);
    Path app = app(work.resolve("app"));
    Path lab = Files.createDirectories(work.resolve(project));
    try (var in = EngineLab.class.getResourceAsStream("/engine/lab_deployment/docker-compose.yml")) {
      Files.copy(in, lab.resolve("docker-compose.yml"));
    }
    Files.writeString(lab.resolve(".env"), "MINIO_ROOT_USER=minio-admin\n"
        + "MINIO_ROOT_PASSWORD=engine-suite-password\n"
        + "TESTBED_IT_RUN=" + run + "\nTESTBED_IT_OWNER=" + Engine.OWNER + "\n"
        + "TESTBED_IT_APP=" + app + "\n"
        + "TESTBED_IT_BUSYBOX=" + images.get("busybox") + "\nTESTBED_IT_JAVA=" + images.get("java")
        + "\nTESTBED_IT_JAVA_TAG=" + tag(images.get("java")) + "\n");
    return lab;
  }

  /**
   * Builds (or finds) the images, each tagged by its content, and tags the java one with the
   * worker images' names (same tag): another run on the engine finds the same images or its own.
   */
  static Map<String, String> images(Engine engine) throws Exception {
    Map<String, String> images = engine.images("src/test/engine/images.sh");
    for (String name : List.of("tensorflow2-cpu", "pytorch-cpu")) {
      engine.ok("tag", images.get("java"), "testbed-engine/" + name + ":" + tag(images.get("java")));
    }
    return images;
  }

  static String tag(String image) {
    return image.substring(image.lastIndexOf(':') + 1);
  }

  /** What /app holds: the CLI jar, the worker's entrypoint, and S3Proxy with its libraries. */
  static Path app(Path app) throws IOException {
    MinioStandIn.copyClassPath(app);
    Files.copy(Path.of(System.getProperty("launcher.jar")), app.resolve("testbed-plugins.jar"));
    try (var in = EngineLab.class.getResourceAsStream("/engine/worker.sh")) {
      Files.copy(in, app.resolve("worker.sh"));
    }
    return app;
  }

  /** {@code md5sum} lines for every file under {@code root}, as {@code find | sort} lists them. */
  static String localTree(Path root) throws Exception {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        String rel = "./" + root.relativize(p).toString().replace('\\', '/');
        byte[] md5 = MessageDigest.getInstance("MD5").digest(Files.readAllBytes(p));
        lines.add(rel + "\t" + HexFormat.of().formatHex(md5));
      }
    }
    return lines.stream().sorted(java.util.Comparator.comparing(l -> l.split("\t")[0]))
        .map(l -> l.split("\t")[1] + "  " + l.split("\t")[0])
        .reduce((a, b) -> a + "\n" + b).orElse("");
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
