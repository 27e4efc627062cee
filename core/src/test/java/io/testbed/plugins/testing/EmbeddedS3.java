package io.testbed.plugins.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * An S3-protocol server (S3Proxy) running in this process on 127.0.0.1, on a free port, with a
 * fixed test identity (AWS v2 or v4 signatures) and a filesystem store under a given directory.
 *
 * <p>Independent of JUnit: the examples module's demo starts one from main code.
 *
 * <pre>{@code
 * try (EmbeddedS3 s3 = EmbeddedS3.start(Path.of("target/s3"))) {
 *   URI endpoint = s3.endpoint();   // http://127.0.0.1:PORT
 * }
 * }</pre>
 *
 * <p>{@link #startTls} serves HTTPS instead, with the key and certificate of a given key store.
 */
public final class EmbeddedS3 implements AutoCloseable {
  public static final String ACCESS_KEY = "testbed-access";
  public static final String SECRET_KEY = "testbed-secret-key-0123456789";

  private final S3Proxy proxy;
  private final BlobStoreContext context;
  private final Path storeDir;
  private final String accessKey;
  private final String secretKey;
  private final boolean tls;

  private EmbeddedS3(
      S3Proxy proxy, BlobStoreContext context, Path storeDir, String accessKey, String secretKey, boolean tls) {
    this.proxy = proxy;
    this.tls = tls;
    this.context = context;
    this.storeDir = storeDir;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  /** Starts a server whose buckets are directories under {@code storeDir} (created if needed). */
  public static EmbeddedS3 start(Path storeDir) {
    return start("filesystem-nio2", storeDir, 0, ACCESS_KEY, SECRET_KEY, null, null);
  }

  /**
   * As {@link #start(Path)}, on {@code https://127.0.0.1:PORT} only, presenting the key and
   * certificate in {@code keyStore} (PKCS12). Clients must trust that certificate.
   */
  public static EmbeddedS3 startTls(Path storeDir, Path keyStore, String password) {
    return start("filesystem-nio2", storeDir, 0, ACCESS_KEY, SECRET_KEY, keyStore, password);
  }

  /** As {@link #start(Path)}, on a given port (0: any free one) with a given identity. */
  public static EmbeddedS3 start(Path storeDir, int port, String accessKey, String secretKey) {
    return start("filesystem-nio2", storeDir, port, accessKey, secretKey, null, null);
  }

  /**
   * Starts a server that keeps objects in memory. Unlike the filesystem store it accepts any key,
   * including {@code ../x} and {@code a\b} (tests of download path safety need those).
   */
  public static EmbeddedS3 startInMemory() {
    return start("transient-nio2", null, 0, ACCESS_KEY, SECRET_KEY, null, null);
  }

  private static EmbeddedS3 start(
      String provider,
      Path storeDir,
      int port,
      String accessKey,
      String secretKey,
      Path keyStore,
      String keyStorePassword) {
    quietLogging();
    try {
      Properties props = new Properties();
      if (storeDir != null) {
        Files.createDirectories(storeDir);
        props.setProperty("jclouds.filesystem.basedir", storeDir.toAbsolutePath().toString());
      }
      BlobStoreContext context =
          ContextBuilder.newBuilder(provider)
              .overrides(props)
              .credentials("identity", "credential")
              .buildView(BlobStoreContext.class);
      BlobStore blobStore = context.getBlobStore();
      S3Proxy.Builder builder =
          S3Proxy.builder()
              .blobStore(blobStore)
              .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey);
      if (keyStore == null) {
        builder.endpoint(URI.create("http://127.0.0.1:" + port));
      } else {
        builder.secureEndpoint(URI.create("https://127.0.0.1:" + port))
            .keyStore(keyStore.toAbsolutePath().toString(), keyStorePassword);
      }
      S3Proxy proxy = builder.build();
      proxy.start();
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!"STARTED".equals(proxy.getState())) {
        if (System.nanoTime() > deadline) {
          proxy.stop();
          context.close();
          throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
        }
        Thread.sleep(5);
      }
      return new EmbeddedS3(proxy, context, storeDir, accessKey, secretKey, keyStore != null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("could not start S3Proxy: " + e.getMessage(), e);
    }
  }

  /** Keeps S3Proxy, Jetty and jclouds at warnings unless the caller configured otherwise. */
  private static void quietLogging() {
    for (String logger : new String[] {"org.gaul", "org.eclipse.jetty", "jclouds", "org.jclouds"}) {
      String key = "org.slf4j.simpleLogger.log." + logger;
      if (System.getProperty(key) == null) {
        System.setProperty(key, "warn");
      }
    }
  }

  /** {@code http://127.0.0.1:PORT}, or {@code https://127.0.0.1:PORT} if started by {@link #startTls}. */
  public URI endpoint() {
    return tls
        ? URI.create("https://127.0.0.1:" + proxy.getSecurePort())
        : URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  /** The directory holding the buckets (one sub-directory per bucket), or null in memory. */
  public Path storeDir() {
    return storeDir;
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop S3Proxy: " + e.getMessage(), e);
    } finally {
      context.close();
    }
  }
}
