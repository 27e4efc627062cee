package io.testbed.plugins.examples;

import io.testbed.plugins.s3.RemoteObject;
import io.testbed.plugins.s3.RemoteTree;
import io.testbed.plugins.s3.S3Location;
import io.testbed.plugins.s3.S3Session;
import io.testbed.plugins.s3.S3Settings;
import io.testbed.plugins.testing.EmbeddedS3;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The main job on an embedded default: an S3 server (S3Proxy on 127.0.0.1, data under
 * examples/target/demo/), a copy of the example lab deployment, and the real CLI run against them:
 * {@code configure --dry-run}, {@code configure}, the bucket listing, {@code configure} again (up
 * to date) and {@code status}.
 *
 * <p>Run it from the repository root with {@code examples/demo.sh}.
 */
public final class Demo {
  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final Path WORK = ROOT.resolve("examples/target/demo");

  private Demo() {}

  public static void main(String[] args) throws Exception {
    deleteTree(WORK);
    Path lab = Files.createDirectories(WORK.resolve("lab_deployment"));
    Files.copy(ROOT.resolve("examples/lab_deployment/docker-compose.yml"), lab.resolve("docker-compose.yml"));

    int failures = 0;
    try (EmbeddedS3 s3 = EmbeddedS3.start(WORK.resolve("s3"))) {
      System.out.println("Embedded S3 server (S3Proxy) listening on " + s3.endpoint());
      System.out.println("Work directory: " + ROOT.relativize(lab));
      List<String> deployment =
          List.of(
              "--compose", "docker-compose.yml",
              "--plugins", "../../../task-plugins/securingai_builtins",
              "--s3-uri", "s3://plugins/securingai_builtins",
              "--plugins", "../../../task-plugins/custom_plugins",
              "--s3-uri", "s3://plugins/custom_plugins",
              "--var", "AI_CUSTOM_PLUGINS_S3_URI",
              "--endpoint-url", s3.endpoint().toString());

      failures += cli(s3, lab, 0, "configure", deployment, "--dry-run");
      failures += cli(s3, lab, 0, "configure", deployment);
      listBucket(s3);
      failures += cli(s3, lab, 0, "configure", deployment);
      failures += cli(s3, lab, 0, "status", deployment);
    }
    System.out.println();
    if (failures == 0) {
      System.out.println("Demo finished: the bucket holds both collections and the 8 workers point at them.");
      System.out.println("Compare: diff -u examples/lab_deployment/docker-compose.yml " + ROOT.relativize(lab.resolve("docker-compose.yml")));
    } else {
      System.out.println("Demo FAILED: " + failures + " command(s) did not exit as expected.");
      System.exit(1);
    }
  }

  /** Runs the CLI from the fat jar in {@code dir}, as an operator would; returns 1 on an unexpected exit code. */
  private static int cli(EmbeddedS3 s3, Path dir, int expected, String command, List<String> args, String... extra)
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
    env.keySet().removeIf(k -> k.startsWith("AWS_") || k.equals("MLFLOW_S3_ENDPOINT_URL"));
    env.put("AWS_ACCESS_KEY_ID", s3.accessKey());
    env.put("AWS_SECRET_ACCESS_KEY", s3.secretKey());
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
