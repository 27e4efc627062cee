package io.testbed.plugins.examples;

import io.testbed.plugins.compose.DotEnv;
import io.testbed.plugins.s3.RemoteObject;
import io.testbed.plugins.s3.RemoteTree;
import io.testbed.plugins.s3.S3Location;
import io.testbed.plugins.s3.S3Session;
import io.testbed.plugins.s3.S3Settings;
import io.testbed.plugins.testing.EmbeddedS3;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The main job, zero-config, on an embedded S3 server: a copy of the example lab deployment (its
 * MinIO publishes the S3 API on {@code ${MINIO_PORT}}, and its {@code .env} holds that port and the
 * MinIO credentials), S3Proxy started on that port with those credentials (data under
 * examples/target/demo/), and the real CLI run in the deployment directory with no S3 option at
 * all: {@code configure --plugins … --dry-run}, {@code configure}, the bucket listing, {@code
 * configure} again (up to date) and {@code status}.
 *
 * <p>Run it from the repository root with {@code examples/demo.sh}.
 */
public final class Demo {
  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final Path WORK = ROOT.resolve("examples/target/demo");
  private static final String PLUGINS = "../../../task-plugins/securingai_builtins";

  private Demo() {}

  public static void main(String[] args) throws Exception {
    deleteTree(WORK);
    Path lab = Files.createDirectories(WORK.resolve("lab_deployment"));
    for (String file : List.of("docker-compose.yml", ".env")) {
      Files.copy(ROOT.resolve("examples/lab_deployment").resolve(file), lab.resolve(file));
    }
    Map<String, String> dotEnv = DotEnv.read(lab.resolve(".env")).values(name -> Optional.empty());
    int port = Integer.parseInt(dotEnv.get("MINIO_PORT"));
    Map<String, String> env = new LinkedHashMap<>();
    if (!free(port)) {
      // the environment wins over .env in compose interpolation: run on a free port instead
      port = freePort();
      env.put("MINIO_PORT", String.valueOf(port));
      System.out.println("Port " + dotEnv.get("MINIO_PORT") + " is in use; running with MINIO_PORT=" + port + " in the environment.");
    }

    int failures = 0;
    try (EmbeddedS3 s3 = EmbeddedS3.start(WORK.resolve("s3"), port, dotEnv.get("MINIO_ROOT_USER"), dotEnv.get("MINIO_ROOT_PASSWORD"))) {
      System.out.println("Embedded S3 server (S3Proxy) listening on " + s3.endpoint()
          + " with the MinIO credentials of .env");
      System.out.println("Deployment directory: " + ROOT.relativize(lab));
      List<String> deployment = List.of("--plugins", PLUGINS);

      failures += cli(env, lab, 0, "configure", deployment, "--dry-run");
      failures += cli(env, lab, 0, "configure", deployment);
      listBucket(s3);
      failures += cli(env, lab, 0, "configure", deployment);
      failures += cli(env, lab, 0, "status", deployment);
    }
    System.out.println();
    if (failures == 0) {
      System.out.println("Demo finished: s3://plugins/securingai_builtins holds the collection and the 8 workers point at it.");
      System.out.println("Compare: diff -u examples/lab_deployment/docker-compose.yml " + ROOT.relativize(lab.resolve("docker-compose.yml")));
    } else {
      System.out.println("Demo FAILED: " + failures + " command(s) did not exit as expected.");
      System.exit(1);
    }
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Runs the CLI from the fat jar in {@code dir}, as an operator would; returns 1 on an unexpected exit code. */
  private static int cli(Map<String, String> extraEnv, Path dir, int expected, String command, List<String> args, String... extra)
      throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>();
    argv.add(command);
    argv.addAll(args);
    argv.addAll(List.of(extra));
    System.out.println();
    System.out.println("$ testbed-plugins " + String.join(" ", argv).replace(" --", " \\\n    --"));
    List<String> process = new ArrayList<>();
    process.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    process.add("-jar");
    process.add(ROOT.resolve("cli/target/testbed-plugins.jar").toString());
    process.addAll(argv);
    ProcessBuilder pb = new ProcessBuilder(process).directory(dir.toFile()).inheritIO();
    Map<String, String> env = pb.environment();
    // nothing from the caller's shell: the deployment alone says where S3 is and how to sign in
    env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("COMPOSE_") || k.startsWith("MINIO_")
        || k.equals("MLFLOW_S3_ENDPOINT_URL"));
    env.putAll(extraEnv);
    int exit = pb.start().waitFor();
    System.out.println("(exit " + exit + ")");
    return exit == expected ? 0 : 1;
  }

  private static void listBucket(EmbeddedS3 s3) {
    System.out.println();
    System.out.println("Bucket listing, s3://plugins/:");
    S3Settings settings = S3Settings.builder().endpoint(s3.endpoint()).credentials(s3.accessKey(), s3.secretKey()).build();
    try (S3Session session = S3Session.open(settings)) {
      for (RemoteObject o : RemoteTree.list(session, S3Location.parse("s3://plugins/")).objects()) {
        System.out.printf("  %8d  %s%n", o.size(), o.path());
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
