package io.testbed.plugins.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.testbed.plugins.testing.EmbeddedS3;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS from the self-contained archive's own runtime: S3Proxy on TLS with a self-signed EC
 * certificate made here (ECDSA and ECDHE: on JDK 17 they come from jdk.crypto.ec, which no
 * static analysis of the jar finds), trusted through a trust store given in JAVA_OPTS.
 */
class TlsIT {
  private static final String PASSWORD = "changeit";

  @TempDir Path tmp;

  @Test
  void theBundledRuntimeTalksHttpsToS3() throws Exception {
    Path serverKeys = tmp.resolve("server.p12");
    Path trust = tmp.resolve("trust.p12");
    Path cert = tmp.resolve("server.crt");
    keytool("-genkeypair", "-alias", "s3", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
        "-storetype", "PKCS12", "-keystore", serverKeys.toString(), "-storepass", PASSWORD);
    keytool("-exportcert", "-rfc", "-alias", "s3", "-file", cert.toString(),
        "-keystore", serverKeys.toString(), "-storepass", PASSWORD);
    keytool("-importcert", "-noprompt", "-alias", "s3", "-file", cert.toString(),
        "-storetype", "PKCS12", "-keystore", trust.toString(), "-storepass", PASSWORD);

    try (EmbeddedS3 s3 = EmbeddedS3.startTls(tmp.resolve("store"), serverKeys, PASSWORD)) {
      String endpoint = s3.endpoint().toString();
      assertThat(endpoint).startsWith("https://127.0.0.1:");
      Installed it = Installed.unpack("linux-x64", tmp);
      it.env.put("AWS_ACCESS_KEY_ID", s3.accessKey());
      it.env.put("AWS_SECRET_ACCESS_KEY", s3.secretKey());
      it.env.put("AWS_REGION", "us-east-1");
      it.env.put("AWS_EC2_METADATA_DISABLED", "true");

      Installed.Run untrusted = it.run("mb", "s3://plugins", "--endpoint-url", endpoint);
      assertThat(untrusted.exit()).as("a certificate nobody trusts: " + untrusted.out()).isEqualTo(1);
      assertThat(s3.storeDir().resolve("plugins")).doesNotExist();

      it.env.put("JAVA_OPTS", "-Djavax.net.ssl.trustStore=" + trust
          + " -Djavax.net.ssl.trustStorePassword=" + PASSWORD + " -Djavax.net.ssl.trustStoreType=PKCS12");
      Installed.Run mb = it.run("mb", "s3://plugins", "--endpoint-url", endpoint);
      assertThat(mb.exit()).as(mb.out()).isZero();
      assertThat(s3.storeDir().resolve("plugins")).isDirectory();

      Path plugins = Path.of(Installed.EXAMPLE).getParent().resolveSibling("task-plugins/securingai_builtins");
      Installed.Run sync = it.run("sync", plugins.toString(), "s3://plugins/securingai_builtins", "--endpoint-url", endpoint);
      assertThat(sync.exit()).as(sync.out()).isZero();
      assertThat(files(s3.storeDir().resolve("plugins/securingai_builtins"))).isEqualTo(files(plugins));
    }
  }

  private static List<String> files(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new AssertionError("keytool failed: " + out);
    }
  }
}
