package io.testbed.plugins.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.ProxyConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * A connection to S3 with the given {@link S3Settings}. Opening a session starts creating the SDK
 * client on a background thread (checking first that the endpoint accepts connections), so that
 * the caller's own work (reading the compose file, walking and hashing the plugins) overlaps it;
 * the first request waits for it. Close the session to release its connections.
 *
 * <pre>{@code
 * try (S3Session session = S3Session.open(settings)) {
 *   session.checkCredentials();
 *   BucketProvisioner.apply(session, BucketProvisioner.plan(session, "plugins"));
 * }
 * }</pre>
 */
public final class S3Session implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(S3Session.class);
  /** Objects at least this large are uploaded in parts of this size. */
  public static final long MULTIPART_THRESHOLD = 8L * 1024 * 1024;

  /**
   * The first attempt and 10 retries (rclone's low-level retries), with exponential backoff and
   * full jitter, for every request; all the requests a sync sends are idempotent (a PUT carries
   * its checksum, and a repeated one stores the same bytes).
   */
  static final int MAX_ATTEMPTS = 11;
  /** How long a connection may take to open, unless the session is opened with another limit. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** The first connection, made before the client: a server that does not answer fails fast. */
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
  static final String KEEP_ALIVE_PROPERTY = "http.maxConnections";
  /** How long a request may wait for the next bytes of its answer. */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
  /**
   * A report's session ({@link #openForReport}): how long a request may wait for its answer, and a
   * call, its retries included, in all. A server that accepts connections and never answers (a
   * paused container behind its published port) would otherwise hold a report for minutes.
   */
  static final Duration REPORT_ANSWER_TIMEOUT = Duration.ofSeconds(5);
  static final Duration REPORT_CALL_TIMEOUT = Duration.ofSeconds(10);

  private final S3Settings settings;
  private final Duration connectTimeout;
  private final Duration answerTimeout;
  private final Duration callTimeout; // null: no limit but the retries'
  private AwsCredentialsProvider credentialsProvider;
  private final CompletableFuture<S3Client> client;
  private volatile SdkHttpClient httpClient; // under the SDK client; closed with the session
  private volatile SdkHttpClient ownHttpClient; // the same, when it opens its own connections
  private final ObjectListing listing = new ObjectListing(this);
  private volatile boolean closed;

  private S3Session(S3Settings settings, Duration connectTimeout, Duration answerTimeout,
      Duration callTimeout) {
    this.settings = settings;
    this.connectTimeout = connectTimeout;
    this.answerTimeout = answerTimeout;
    this.callTimeout = callTimeout;
    this.client = CompletableFuture.supplyAsync(this::newClient, Parallel.background());
  }

  public static S3Session open(S3Settings settings) {
    return new S3Session(settings, CONNECT_TIMEOUT, READ_TIMEOUT, null);
  }

  /**
   * A session for a report that must not wait long on a server that does not answer: its
   * connections must open within {@code connectTimeout} (the first one, which checks that the
   * endpoint answers, within at most 5 seconds), each request be answered within 5 seconds, and
   * each call, its retries included, end within 10 seconds.
   */
  public static S3Session openForReport(S3Settings settings, Duration connectTimeout) {
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
    }
    return new S3Session(settings, connectTimeout, REPORT_ANSWER_TIMEOUT, REPORT_CALL_TIMEOUT);
  }

  /** The longest a call may wait for an answer: the call's limit, else a request's. */
  Duration answerLimit() {
    return callTimeout != null ? callTimeout : answerTimeout;
  }

  public S3Settings settings() {
    return settings;
  }

  /**
   * Resolves credentials (static, profile, environment, ... the SDK's default chain) without
   * sending a request.
   *
   * @throws StorageException when no credentials can be found, saying where they were looked for
   */
  public void checkCredentials() {
    try {
      credentialsProvider().resolveCredentials();
    } catch (SdkException e) {
      throw new StorageException(
          "no AWS credentials found"
              + (settings.profile() == null ? "" : " for profile '" + settings.profile() + "'")
              + ": "
              + Errors.firstLine(e.getMessage())
              + "; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or pass --profile NAME",
          e);
    }
  }

  synchronized AwsCredentialsProvider credentialsProvider() {
    if (credentialsProvider == null) {
      if (settings.credentials() != null) {
        credentialsProvider =
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(
                    settings.credentials().accessKeyId(), settings.credentials().secretAccessKey()));
      } else {
        DefaultCredentialsProvider.Builder chain = DefaultCredentialsProvider.builder();
        if (settings.profile() != null) {
          chain.profileName(settings.profile());
        }
        credentialsProvider = chain.build();
      }
    }
    return credentialsProvider;
  }

  /**
   * The SDK client, once it is ready.
   *
   * @throws StorageException when nothing accepts connections at the endpoint
   */
  S3Client client() {
    if (closed) {
      throw new IllegalStateException("session closed");
    }
    try {
      return client.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw e;
    }
  }

  /**
   * The HTTP client under the SDK client when the session made it (a plain {@code http://}
   * endpoint, no proxy: {@link #opensOwnConnections}), once it is ready; null otherwise.
   */
  SdkHttpClient ownHttpClient() {
    client();
    return ownHttpClient;
  }

  /** ListObjectsV2 pages, read as a stream where the session can (see {@link ObjectListing}). */
  ObjectListing listing() {
    return listing;
  }

  /** The time the first connection may take: the session's limit, at most 5 seconds. */
  private Duration probe() {
    return connectTimeout.compareTo(PROBE_TIMEOUT) < 0 ? connectTimeout : PROBE_TIMEOUT;
  }

  /**
   * The blocking client over the JDK's {@code HttpURLConnection}: no event loop to start or to wait
   * for on close, and the least CPU of the SDK's clients measured (docs/benchmarks.md). Callers
   * bound the requests in flight with their own thread pools (at most {@link
   * S3Settings#concurrency()} threads).
   */
  private S3Client newClient() {
    try (EndpointProbe probe = EndpointProbe.start(settings, probe())) {
      S3Client built = buildClient();
      try {
        probe.awaitAnswer();
      } catch (StorageException e) {
        built.close();
        throw e;
      }
      return built;
    }
  }

  private S3Client buildClient() {
    long start = System.nanoTime();
    keepAlivePool(settings.concurrency());
    S3ClientBuilder builder =
        S3Client.builder()
            .region(Region.of(settings.region()))
            .credentialsProvider(credentialsProvider())
            .forcePathStyle(settings.pathStyle())
            .putAuthScheme(Md5PayloadSigner.authScheme())
            .overrideConfiguration(
                o ->
                    o.retryStrategy(
                        AwsRetryStrategy.standardRetryStrategy().toBuilder()
                            .maxAttempts(MAX_ATTEMPTS)
                            .circuitBreakerEnabled(false)
                            .backoffStrategy(
                                BackoffStrategy.exponentialDelay(
                                    Duration.ofMillis(50), Duration.ofSeconds(5)))
                            .throttlingBackoffStrategy(
                                BackoffStrategy.exponentialDelay(
                                    Duration.ofMillis(250), Duration.ofSeconds(20)))
                            .build())
                        .apiCallTimeout(callTimeout));
    httpClient(builder);
    settings.endpointOverride().ifPresent(builder::endpointOverride);
    if (settings.checksumMode() == ChecksumMode.WHEN_REQUIRED) {
      builder
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
          .addPlugin(LegacyMd5Plugin.create());
    } else {
      builder
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_SUPPORTED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_SUPPORTED);
    }
    S3Client built = builder.build();
    LOG.debug("S3 client for {} ready in {} ms", settings.endpointDescription(),
        (System.nanoTime() - start) / 1_000_000);
    return built;
  }

  /**
   * The HTTP client. For a plain {@code http://} endpoint reached without a proxy, the client
   * opens each connection itself and never builds a TLS context: the SDK's builder makes one up
   * front, loading the default trust store, which took most of the time of making an S3 client
   * (docs/benchmarks.md). Everything else (an {@code https://} endpoint, AWS, a proxy from the
   * system properties or {@code HTTP_PROXY}) goes through the SDK's builder, as before. Either is
   * wrapped in {@link StrictHttpClient}, so that an answer that is not HTTP is retried.
   */
  private void httpClient(S3ClientBuilder builder) {
    boolean own = opensOwnConnections(settings, ProxyConfiguration.builder().build());
    SdkHttpClient made = own
        ? UrlConnectionHttpClient.create(uri -> openConnection(uri, connectTimeout, answerTimeout))
        : UrlConnectionHttpClient.builder()
            .connectionTimeout(connectTimeout)
            .socketTimeout(answerTimeout)
            .build();
    httpClient = new StrictHttpClient(made);
    ownHttpClient = own ? httpClient : null;
    builder.httpClient(httpClient);
  }

  /**
   * Whether the client opens its own connections: a plain {@code http://} endpoint, and no proxy
   * in {@code proxy} (the SDK's proxy settings, which its own client would use for that endpoint).
   */
  static boolean opensOwnConnections(S3Settings settings, ProxyConfiguration proxy) {
    return settings.endpointOverride().map(u -> "http".equalsIgnoreCase(u.getScheme())).orElse(false)
        && proxy.host() == null;
  }

  /** A connection as the SDK's client opens one when no proxy is configured, with our timeouts. */
  static HttpURLConnection openConnection(URI uri, Duration connectTimeout, Duration readTimeout) {
    try {
      HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
      connection.setConnectTimeout((int) connectTimeout.toMillis());
      connection.setReadTimeout((int) readTimeout.toMillis());
      return connection;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The JDK keeps at most {@code http.maxConnections} (default 5) idle connections per server, so
   * with more threads most requests would open a new connection. The property is read once, when
   * the first connection is kept alive; a value set by the application wins.
   */
  private static void keepAlivePool(int threads) {
    if (System.getProperty(KEEP_ALIVE_PROPERTY) == null) {
      System.setProperty(KEEP_ALIVE_PROPERTY, Integer.toString(Math.max(32, threads + RemoteTree.MAX_RANGES)));
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    // now, or when a client still being made is ready; the SDK leaves a client given to it open
    client.thenAccept(
        c -> {
          c.close();
          if (httpClient != null) {
            httpClient.close();
          }
        });
    if (credentialsProvider instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        // nothing to do: closing a credentials cache
      }
    }
  }
}
