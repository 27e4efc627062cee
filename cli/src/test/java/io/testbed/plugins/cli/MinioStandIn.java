package io.testbed.plugins.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * The engine suite's MinIO: S3Proxy in a container, on port 9000 of every address, with MinIO's
 * own variables for its credentials ({@code MINIO_ROOT_USER}, {@code MINIO_ROOT_PASSWORD}) and its
 * objects in memory.
 */
public final class MinioStandIn {
  private MinioStandIn() {}

  /**
   * Copies what a container needs to run this class into {@code app}: the jars of this JVM's class
   * path into {@code app/s3proxy}, and this class (when it is not in one of them) into {@code
   * app/classes}; the container runs {@code java -cp /app/classes:/app/s3proxy/*}.
   */
  public static void copyClassPath(Path app) throws IOException {
    Files.createDirectories(app.resolve("s3proxy"));
    String me = MinioStandIn.class.getName().replace('.', '/') + ".class";
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path p = Path.of(entry);
      if (entry.endsWith(".jar")) {
        Files.copy(p, app.resolve("s3proxy").resolve(p.getFileName()));
      } else if (Files.exists(p.resolve(me))) {
        Path to = app.resolve("classes").resolve(me);
        Files.createDirectories(to.getParent());
        Files.copy(p.resolve(me), to);
      }
    }
  }

  public static void main(String[] args) throws Exception {
    BlobStoreContext context = ContextBuilder.newBuilder("transient-nio2")
        .overrides(new Properties()).credentials("identity", "credential")
        .buildView(BlobStoreContext.class);
    S3Proxy proxy = S3Proxy.builder().blobStore(context.getBlobStore())
        .endpoint(URI.create("http://0.0.0.0:9000"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, System.getenv("MINIO_ROOT_USER"),
            System.getenv("MINIO_ROOT_PASSWORD"))
        .build();
    proxy.start();
    System.out.println("S3 API on :9000");
    Thread.currentThread().join();
  }
}
