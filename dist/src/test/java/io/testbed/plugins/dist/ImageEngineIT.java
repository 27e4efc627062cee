package io.testbed.plugins.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.testbed.plugins.cli.Engine;
import io.testbed.plugins.cli.MinioStandIn;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The container image on a real Docker engine, as the usage guide runs it: the archive loaded with
 * {@code docker load}; the documented deployment (examples/lab_deployment) brought up with MinIO
 * publishing no port, on stand-in images; the tool run in a container on the deployment's network
 * as a user who owns the files and has no passwd entry, with the deployment at /deploy and a
 * plugin collection mounted. The tests run in order, each on the state the one before left.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImageEngineIT {
  static final List<String> WORKERS = List.of("tfcpu-01", "tfcpu-02", "tfgpu-01", "tfgpu-02",
      "tfgpu-03", "pytorchcpu-01", "pytorchcpu-02", "pytorchgpu-01");
  static final String URI = "s3://plugins/securingai_builtins";
  static final String USER = "4321";

  final String run = UUID.randomUUID().toString().substring(0, 8);
  final String project = "imagelab" + run;
  final String network = "securing-ai-" + run;
  final String image = "testbed-plugins:" + Installed.VERSION;
  Engine engine;
  Map<String, String> images;   // the stand-in images by kind: busybox, java
  Path work;
  Path lab;
  Path plugins;

  @BeforeAll
  void bringUpTheDocumentedDeployment() throws Exception {
    engine = Engine.start();
    Path archive = Installed.TARGET.resolve("testbed-plugins-" + Installed.VERSION + "-image.tar");
    assertThat(engine.ok("load", "-i", archive.toString())).contains("Loaded image: " + image);
    images = engine.images(System.getProperty("engine.images"));

    work = Files.createDirectories(Installed.TARGET.resolve("image-it").resolve(run))
        .toAbsolutePath();
    lab = Files.createDirectories(work.resolve(project));
    Path example = Path.of(Installed.EXAMPLE);
    String compose = Files.readString(example);
    String published = "    ports:\n      - \"127.0.0.1:${MINIO_PORT:-9000}:9000\"  # S3 API, for"
        + " tools on this host only\n";
    assertThat(compose).contains(published, "    name: securing-ai\n");
    compose = compose.replace(published, "")                       // MinIO publishes no port
        .replace("    name: securing-ai\n", "    name: " + network + "\n");
    Files.writeString(lab.resolve("docker-compose.yml"), compose);
    Files.copy(example.resolveSibling(".env"), lab.resolve(".env"));
    plugins = work.resolve("task-plugins/securingai_builtins");
    copyTree(Path.of(Installed.EXAMPLE).getParent().resolve("../task-plugins/securingai_builtins")
        .normalize(), plugins);
    Path app = work.resolve("app");
    MinioStandIn.copyClassPath(app);
    Files.writeString(work.resolve("stand-ins.yml"), standIns(app));

    // the operator's files: theirs, the compose file not readable by others
    ownAll(lab, work.resolve("task-plugins"));
    Files.setPosixFilePermissions(lab.resolve("docker-compose.yml"),
        PosixFilePermissions.fromString("rw-r-----"));

    List<String> up = new ArrayList<>(List.of("-f", "docker-compose.yml", "-f",
        work.resolve("stand-ins.yml").toString(), "up", "-d"));
    up.addAll(services());
    Engine.Run started = engine.compose(lab, up.toArray(String[]::new));
    assertThat(started.exit()).as(started.all()).isZero();
    waitFor("minio", "S3 API on :9000");
  }

  @AfterAll
  void tearDown() throws Exception {
    if (engine != null) {
      engine.removeRun(run);
      engine.docker("network", "rm", network);
      engine.close();
    }
  }

  // ---- the tests ----

  @Test
  @Order(1)
  void theImageIsSmallLabelledAndStartsFromItsOwnCache() throws Exception {
    String size = engine.ok("image", "inspect", "--format", "{{.Size}}", image);
    assertThat(Long.parseLong(size)).isLessThanOrEqualTo(90_000_000L);
    String labels = engine.ok("image", "inspect", "--format", "{{json .Config.Labels}}", image);
    assertThat(labels).contains("\"org.opencontainers.image.licenses\":\"Apache-2.0\"",
        "\"org.opencontainers.image.title\":\"testbed-plugins\"",
        "\"org.opencontainers.image.version\":\"" + Installed.VERSION + "\"",
        "\"org.opencontainers.image.source\":");

    // the image has the archive of the jar's classes when its runtime is JDK 25 or later (the
    // only dump that is reproducible), unless -Dimage.appCds=false; else it has no archive
    Path home = Installed.TARGET.resolve("image-root/opt/testbed-plugins");
    String release = Files.readString(home.resolve("runtime/release"));
    int feature = Integer.parseInt(release.replaceAll("(?s).*JAVA_VERSION=\"(\\d+).*", "$1"));
    List<String> options = Files.readAllLines(home.resolve("lib/jvm.options"));
    if (feature < 25 || !Boolean.parseBoolean(System.getProperty("image.appCds", "true"))) {
      assertThat(options).contains("-Xshare:off").noneMatch(o -> o.contains("SharedArchiveFile"));
      return;
    }
    assertThat(options)
        .contains("-XX:SharedArchiveFile=/opt/testbed-plugins/lib/testbed-plugins.jsa");
    // -Xshare:on fails the start when the archive cannot be mapped; every class it maps says so
    Engine.Run loads = engine.docker("run", "--rm", "-u", USER, "-v", lab + ":/deploy",
        "--entrypoint", "/opt/testbed-plugins/runtime/bin/java", image,
        "@/opt/testbed-plugins/lib/jvm.options", "-Xshare:on", "-Xlog:class+load=info",
        "-jar", "/opt/testbed-plugins/lib/testbed-plugins.jar", "compose", "workers");
    assertThat(loads.exit()).as(loads.err()).isZero();
    assertThat(loads.out())
        .containsPattern("io\\.testbed\\.plugins\\.cli\\.Main source: shared objects file")
        .containsPattern("java\\.lang\\.Object source: shared objects file");
    long shared = loads.out().lines().filter(l -> l.endsWith("source: shared objects file"))
        .count();
    assertThat(shared).isGreaterThan(1000);
  }

  @Test
  @Order(2)
  void configureOnTheComposeNetworkReachesMinioByItsName() throws Exception {
    Engine.Run configure = tool(true, "configure", "--plugins", "/task-plugins/securingai_builtins");

    assertThat(configure.exit()).as(configure.all()).isZero();
    assertQuiet(configure);
    assertThat(configure.out()).contains("endpoint http://minio:9000 (MLFLOW_S3_ENDPOINT_URL of"
        + " tfcpu-01 and 7 more, docker-compose.yml:", "in the compose network");
    String after = Files.readString(lab.resolve("docker-compose.yml"));
    for (String w : WORKERS) {
      String service = after.substring(after.indexOf("\n  " + w + ":\n"));
      service = service.substring(0, service.indexOf("\n\n"));
      assertThat(service).as(w).contains("AI_PLUGINS_S3_URI: " + URI);
    }
    assertThat(after.split("AI_PLUGINS_S3_URI", -1)).hasSize(WORKERS.size() + 1);
    // the owner and the mode kept, as a run on the host keeps them
    Path file = lab.resolve("docker-compose.yml");
    assertThat(Files.getAttribute(file, "unix:uid")).isEqualTo(Integer.parseInt(USER));
    assertThat(Files.getAttribute(file, "unix:gid")).isEqualTo(Integer.parseInt(USER));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-r-----");
    assertThat(bucket()).isEqualTo(localTree(plugins));
  }

  @Test
  @Order(3)
  void statusIsInSyncAndSaysTheContainersAreNotChecked() throws Exception {
    Engine.Run status = tool(true, "status", "--plugins", "/task-plugins/securingai_builtins");

    assertThat(status.exit()).as(status.all()).isZero();
    assertQuiet(status);
    assertThat(status.out()).contains("containers: not checked (no docker CLI in this container;"
        + " run status on the host to check them)");
  }

  @Test
  @Order(4)
  void upWritesTheFilesThenNamesTheCommandToRunOnTheHost() throws Exception {
    Engine.Run up = tool(true, "configure", "--plugins", "/task-plugins/securingai_builtins",
        "--s3-uri", "s3://plugins/builtins-v2", "--up");

    assertThat(up.exit()).as(up.all()).isEqualTo(1);
    assertThat(up.err()).contains("docker compose -p " + project
        + " -f docker-compose.yml up -d --no-deps " + String.join(" ", WORKERS));
    assertThat(up.err()).doesNotContain("Exception", "\tat ");
    assertThat(Files.readString(lab.resolve("docker-compose.yml")))
        .contains("AI_PLUGINS_S3_URI: s3://plugins/builtins-v2");
  }

  @Test
  @Order(5)
  void withoutTheNetworkTheErrorNamesIt() throws Exception {
    Engine.Run lost = tool(false, "configure", "--plugins", "/task-plugins/securingai_builtins",
        "--dry-run");

    assertThat(lost.exit()).as(lost.all()).isEqualTo(1);
    assertThat(lost.err()).contains("--network " + network);
    assertThat(lost.err()).doesNotContain("Exception", "\tat ");
  }

  @Test
  @Order(6)
  void aUserWhoMayReadButNotWriteGetsAClearErrorAndTheFileStaysAsItWas() throws Exception {
    String before = Files.readString(lab.resolve("docker-compose.yml"));
    // in the owner's group: may read the compose file (rw-r-----), not write the directory
    List<String> cmd = List.of("run", "--rm", "--network", network, "-u", "5555:" + USER,
        "-v", lab + ":/deploy", "-v", work.resolve("task-plugins") + ":/task-plugins:ro", image,
        "configure", "--plugins", "/task-plugins/securingai_builtins");

    Engine.Run denied = engine.docker(cmd.toArray(String[]::new));

    assertThat(denied.exit()).as(denied.all()).isEqualTo(1);
    assertThat(denied.err()).contains("docker-compose.yml: permission denied: cannot write /deploy",
        "belongs to " + USER + ":" + USER + ", and this runs as 5555:" + USER,
        "Run as its owner (in a container: docker run -u " + USER + ":" + USER + ") or as root;"
            + " the file is unchanged.");
    assertThat(denied.err()).doesNotContain("Exception", "\tat ");
    assertThat(Files.readString(lab.resolve("docker-compose.yml"))).isEqualTo(before);
  }

  /**
   * The figures of docs/benchmarks.md, on request ({@code -Dimage.bench=ROUNDS}): the same
   * {@code configure} (up to date: a listing, no upload, no write) in a container of the image
   * and on the host through the launcher (which reaches MinIO with {@code docker inspect}),
   * interleaved round by round; wall seconds, from the start of {@code docker run} or of the
   * launcher to its exit; beside them, {@code docker run} of a container that does nothing.
   */
  @Test
  @Order(7)
  @EnabledIfSystemProperty(named = "image.bench", matches = "[0-9]+")
  void configureInTheContainerBesideTheSameRunOnTheHost() throws Exception {
    String[] args = {"configure", "--plugins", "/task-plugins/securingai_builtins", "--s3-uri",
        "s3://plugins/builtins-v2"};
    Engine.Run ready = tool(true, args);
    assertThat(ready.exit()).as(ready.all()).isZero();
    System.out.println(ready.out());
    Map<String, String> env = new LinkedHashMap<>(engine.env());
    env.put("HOME", work.resolve("home").toString());
    List<String> host = new ArrayList<>(List.of(System.getProperty("launcher.script"),
        "configure", "--plugins", plugins.toString(), "--s3-uri", "s3://plugins/builtins-v2"));
    env.put("TESTBED_PLUGINS_JAR", System.getProperty("launcher.jar"));
    Engine.Run first = Engine.run(host, env, lab, 120);   // makes the launcher's per-user cache
    assertThat(first.exit()).as(first.all()).isZero();
    System.out.println(first.out());
    List<Double> inImage = new ArrayList<>();
    List<Double> bare = new ArrayList<>();
    List<Double> onHost = new ArrayList<>();
    for (int i = 0; i < Integer.parseInt(System.getProperty("image.bench")); i++) {
      long t0 = System.nanoTime();
      assertThat(tool(true, args).exit()).isZero();
      inImage.add((System.nanoTime() - t0) / 1e9);
      t0 = System.nanoTime();   // what docker run itself costs: a container that does nothing
      assertThat(engine.docker("run", "--rm", "--network", network, "-v", lab + ":/deploy",
          images.get("busybox"), "true").exit()).isZero();
      bare.add((System.nanoTime() - t0) / 1e9);
      t0 = System.nanoTime();
      assertThat(Engine.run(host, env, lab, 120).exit()).isZero();
      onHost.add((System.nanoTime() - t0) / 1e9);
    }
    System.out.printf("image bench: configure (up to date), wall s: in the image %s, busybox true"
        + " %s, on the host %s; load %s%n", inImage, bare, onHost,
        Files.readString(Path.of("/proc/loadavg")).strip());
  }

  // ---- the deployment ----

  /** Every service but nginx (whose published ports another deployment may hold). */
  private List<String> services() {
    List<String> s = new ArrayList<>(List.of("mlflow-tracking", "restapi", "redis", "minio"));
    s.addAll(WORKERS);
    return s;
  }

  /**
   * A second compose file, given to docker-compose only: the same services on stand-in images
   * (S3Proxy for MinIO, busybox httpd for the rest), CPU only, labelled with the run id.
   */
  private String standIns(Path app) {
    StringBuilder y = new StringBuilder("version: \"3.7\"\nservices:\n");
    for (String s : services()) {
      y.append("  ").append(s).append(":\n    init: false\n")
          .append("    labels:\n      testbed.engine-it: \"").append(run).append("\"\n");
      if (s.equals("minio")) {
        y.append("    image: ").append(images.get("java")).append("\n")
            .append("    command: [\"java\", \"-XX:TieredStopAtLevel=1\", \"-XX:+UseSerialGC\","
                + " \"-cp\", \"/app/classes:/app/s3proxy/*\", \"")
            .append(MinioStandIn.class.getName()).append("\"]\n")
            .append("    volumes:\n      - ").append(app).append(":/app:ro\n");
      } else {
        y.append("    image: ").append(images.get("busybox")).append("\n")
            .append("    command: [\"httpd\", \"-f\", \"-p\", \"8080\", \"-h\", \"/var/www\"]\n");
      }
      if (s.contains("gpu")) {
        y.append("    runtime: runc\n");
      }
    }
    return y.toString();
  }

  /** {@code docker run} of the image as the documented line has it; with or without the network. */
  private Engine.Run tool(boolean onNetwork, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("run", "--rm"));
    if (onNetwork) {
      cmd.addAll(List.of("--network", network));
    } else {
      // the default bridge, with a resolver that answers nothing: no query leaves the machine
      cmd.addAll(List.of("--dns", "127.0.0.1"));
    }
    cmd.addAll(List.of("-u", USER + ":" + USER, "-v", lab + ":/deploy",
        "-v", work.resolve("task-plugins") + ":/task-plugins:ro", image));
    cmd.addAll(List.of(args));
    return engine.docker(cmd.toArray(String[]::new));
  }

  /** Nothing but the tool's own words: no JVM warning or log line. */
  private static void assertQuiet(Engine.Run r) {
    assertThat(r.all()).doesNotContainPattern("(?m)^\\[[0-9.]+s\\]\\[")
        .doesNotContain("OpenJDK 64-Bit Server VM", "Picked up");
  }

  private void waitFor(String service, String text) throws Exception {
    String container = project + "_" + service + "_1";
    long end = System.nanoTime() + 120_000_000_000L;
    String logs = "";
    while (System.nanoTime() < end) {
      logs = engine.docker("logs", container).all();
      if (logs.contains(text)) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(service + " did not log '" + text + "' in 2 minutes:\n" + logs);
  }

  /** The bucket's objects under the collection's prefix and their MD5s, read from the host. */
  private Map<String, String> bucket() throws Exception {
    String ip = engine.ok("inspect", "--format",
        "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", project + "_minio_1");
    Map<String, String> env = dotEnv(lab.resolve(".env"));
    Map<String, String> objects = new TreeMap<>();
    try (S3Client s3 = S3Client.builder().endpointOverride(new URI("http://" + ip + ":9000"))
        .region(Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
            env.get("MINIO_ROOT_USER"), env.get("MINIO_ROOT_PASSWORD"))))
        .build()) {
      for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket("plugins")
          .prefix("securingai_builtins/")).contents()) {
        objects.put(o.key().substring("securingai_builtins/".length()),
            o.eTag().replace("\"", ""));
      }
    }
    return objects;
  }

  private static Map<String, String> localTree(Path root) throws Exception {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        byte[] md5 = MessageDigest.getInstance("MD5").digest(Files.readAllBytes(p));
        files.put(root.relativize(p).toString(), HexFormat.of().formatHex(md5));
      }
    }
    return files;
  }

  private static Map<String, String> dotEnv(Path file) throws Exception {
    Map<String, String> env = new TreeMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.startsWith("#") && line.contains("=")) {
        env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
      }
    }
    return env;
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  /** Gives every file and directory under {@code roots} to {@link #USER}. */
  private static void ownAll(Path... roots) throws Exception {
    for (Path root : roots) {
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path p : walk.toList()) {
          Files.setAttribute(p, "unix:uid", Integer.parseInt(USER));
          Files.setAttribute(p, "unix:gid", Integer.parseInt(USER));
        }
      }
    }
  }
}
