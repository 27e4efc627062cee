package io.testbed.plugins.s3;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;

/**
 * How to reach S3: endpoint, region, profile, addressing, checksum compatibility, concurrency and
 * (for library callers) static credentials.
 *
 * <p>Build one explicitly with {@link #builder()}, or resolve the CLI's values against the
 * environment with {@link Builder#resolve(Map)}:
 *
 * <pre>{@code
 * S3Settings settings = S3Settings.builder().endpoint(cliEndpoint).region(cliRegion)
 *     .resolve(System.getenv());
 * }</pre>
 *
 * @param endpoint a custom endpoint (MinIO, S3Proxy, ...) or {@code null} for AWS
 * @param endpointSource where the endpoint came from ({@code --endpoint-url}, an environment
 *     variable name) for messages, or {@code null}
 * @param region the signing region
 * @param profile the AWS profile for credentials, or {@code null} for the default chain
 * @param pathStyle path-style addressing ({@code http://host/bucket/key})
 * @param checksumMode request checksum calculation and response validation
 * @param concurrency the maximum number of requests in flight
 * @param credentials static credentials, or {@code null} for the SDK's default chain
 */
public record S3Settings(
    URI endpoint,
    String endpointSource,
    String region,
    String profile,
    boolean pathStyle,
    ChecksumMode checksumMode,
    int concurrency,
    StaticCredentials credentials) {

  public static final String DEFAULT_REGION = "us-east-1";
  public static final int DEFAULT_CONCURRENCY = 16;

  /** Environment variables naming the endpoint, first set wins (after {@code --endpoint-url}). */
  public static final List<String> ENDPOINT_VARIABLES =
      List.of("AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL", "MLFLOW_S3_ENDPOINT_URL");

  public S3Settings {
    if (region == null || region.isBlank()) {
      throw new StorageException(
          "no AWS region configured; pass --region, set AWS_REGION, or set a region in your profile");
    }
    if (checksumMode == null) {
      throw new IllegalArgumentException("checksumMode");
    }
    if (concurrency < 1 || concurrency > 1024) {
      throw new StorageException(
          "concurrency must be between 1 and 1024, got " + concurrency);
    }
    if (endpoint != null) {
      String scheme = endpoint.getScheme();
      if (scheme == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || endpoint.getHost() == null) {
        throw new StorageException(
            "invalid endpoint '"
                + endpoint
                + "'"
                + (endpointSource == null ? "" : " (from " + endpointSource + ")")
                + ": expected http://HOST:PORT or https://HOST");
      }
    }
  }

  public Optional<URI> endpointOverride() {
    return Optional.ofNullable(endpoint);
  }

  /** The endpoint for messages: the custom one, or the AWS regional endpoint. */
  public String endpointDescription() {
    return endpoint != null ? endpoint.toString() : "https://s3." + region + ".amazonaws.com";
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Access key and secret for library callers. {@link #toString()} never shows the secret. */
  public record StaticCredentials(String accessKeyId, String secretAccessKey) {
    public StaticCredentials {
      if (accessKeyId == null || accessKeyId.isEmpty() || secretAccessKey == null) {
        throw new IllegalArgumentException("access key and secret are required");
      }
    }

    @Override
    public String toString() {
      return "StaticCredentials[accessKeyId=" + accessKeyId + ", secretAccessKey=****]";
    }
  }

  /**
   * Explicit values (CLI options); anything left {@code null} is filled by {@link #resolve(Map)}
   * from the environment, or by {@link #build()} from defaults only.
   */
  public static final class Builder {
    private String endpoint;
    private String endpointSource = "--endpoint-url";
    private String region;
    private String profile;
    private Boolean pathStyle;
    private ChecksumMode checksumMode;
    private Integer concurrency;
    private StaticCredentials credentials;

    private Builder() {}

    public Builder endpoint(String endpoint) {
      this.endpoint = blankToNull(endpoint);
      return this;
    }

    public Builder endpoint(URI endpoint) {
      return endpoint(endpoint == null ? null : endpoint.toString());
    }

    /** An endpoint found elsewhere, with where it came from (for messages). */
    public Builder endpoint(String endpoint, String source) {
      this.endpointSource = source;
      return endpoint(endpoint);
    }

    /**
     * Where the endpoint is given explicitly: {@code --endpoint-url} (or the source given with
     * it), else the first of {@link #ENDPOINT_VARIABLES} set in {@code env}; empty when none is.
     */
    public Optional<String> explicitEndpoint(Map<String, String> env) {
      if (endpoint != null) {
        return Optional.of(endpointSource);
      }
      return ENDPOINT_VARIABLES.stream().filter(n -> blankToNull(env.get(n)) != null).findFirst();
    }

    /**
     * Where credentials are given explicitly, as a phrase for messages (never the values): static
     * credentials, {@code --profile}, {@code AWS_ACCESS_KEY_ID} in {@code env}, or {@code
     * AWS_PROFILE}; empty when the SDK's default chain would be left to find them.
     */
    public Optional<String> explicitCredentials(Map<String, String> env) {
      if (credentials != null) {
        return Optional.of("static credentials");
      }
      if (profile != null) {
        return Optional.of("profile " + profile + " (--profile)");
      }
      if (blankToNull(env.get("AWS_ACCESS_KEY_ID")) != null) {
        return Optional.of("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment");
      }
      String envProfile = blankToNull(env.get("AWS_PROFILE"));
      return envProfile == null ? Optional.empty()
          : Optional.of("profile " + envProfile + " (AWS_PROFILE)");
    }

    public Builder region(String region) {
      this.region = blankToNull(region);
      return this;
    }

    public Builder profile(String profile) {
      this.profile = blankToNull(profile);
      return this;
    }

    /** {@code null}: on whenever a custom endpoint is set. */
    public Builder pathStyle(Boolean pathStyle) {
      this.pathStyle = pathStyle;
      return this;
    }

    /** {@code null}: {@link ChecksumMode#WHEN_REQUIRED} with a custom endpoint, else supported. */
    public Builder checksumMode(ChecksumMode checksumMode) {
      this.checksumMode = checksumMode;
      return this;
    }

    public Builder concurrency(Integer concurrency) {
      this.concurrency = concurrency;
      return this;
    }

    public Builder credentials(String accessKeyId, String secretAccessKey) {
      this.credentials = new StaticCredentials(accessKeyId, secretAccessKey);
      return this;
    }

    /** Explicit values and defaults only: no environment, no profile file. */
    public S3Settings build() {
      return resolve(Map.of(), false);
    }

    /**
     * Fills unset values from {@code env}: endpoint from {@code AWS_ENDPOINT_URL_S3}, {@code
     * AWS_ENDPOINT_URL}, {@code MLFLOW_S3_ENDPOINT_URL}; region from {@code AWS_REGION}, {@code
     * AWS_DEFAULT_REGION}, then the profile ({@code --profile}, {@code AWS_PROFILE}, "default")
     * in the AWS config file; {@code us-east-1} when an endpoint is given.
     */
    public S3Settings resolve(Map<String, String> env) {
      return resolve(env, true);
    }

    private S3Settings resolve(Map<String, String> env, boolean readProfile) {
      String source = explicitEndpoint(env).orElse(null);
      String endpointValue = endpoint != null ? endpoint : source == null ? null : env.get(source);
      URI uri = null;
      if (endpointValue != null) {
        try {
          uri = URI.create(endpointValue.strip());
        } catch (IllegalArgumentException e) {
          throw new StorageException(
              "invalid endpoint '"
                  + endpointValue
                  + "' (from "
                  + source
                  + "): "
                  + e.getMessage()
                  + "; expected http://HOST:PORT");
        }
      }
      String profileName = profile != null ? profile : blankToNull(env.get("AWS_PROFILE"));
      String regionValue = region;
      if (regionValue == null) {
        regionValue = blankToNull(env.get("AWS_REGION"));
      }
      if (regionValue == null) {
        regionValue = blankToNull(env.get("AWS_DEFAULT_REGION"));
      }
      if (regionValue == null && readProfile) {
        regionValue = profileRegion(profileName);
      }
      if (regionValue == null && uri != null) {
        regionValue = DEFAULT_REGION;
      }
      if (regionValue == null && !readProfile) {
        regionValue = DEFAULT_REGION;
      }
      boolean custom = uri != null;
      return new S3Settings(
          uri,
          source,
          regionValue,
          profile,
          pathStyle != null ? pathStyle : custom,
          checksumMode != null
              ? checksumMode
              : custom ? ChecksumMode.WHEN_REQUIRED : ChecksumMode.WHEN_SUPPORTED,
          concurrency != null ? concurrency : DEFAULT_CONCURRENCY,
          credentials);
    }

    private static String profileRegion(String profileName) {
      try {
        return ProfileFile.defaultProfileFile()
            .profile(profileName == null ? "default" : profileName)
            .flatMap(p -> p.property(ProfileProperty.REGION))
            .orElse(null);
      } catch (RuntimeException e) {
        return null; // an unreadable config file: the caller reports the missing region
      }
    }

    private static String blankToNull(String s) {
      return s == null || s.isBlank() ? null : s.strip();
    }
  }
}
