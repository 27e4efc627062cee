package io.testbed.plugins.cli;

import java.net.URI;
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
