package io.testbed.plugins.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S3SettingsTest {
  private static final Map<String, String> ENV =
      Map.of(
          "AWS_ENDPOINT_URL", "http://generic:9000",
          "MLFLOW_S3_ENDPOINT_URL", "http://minio:9000");

  @Test
  void endpointFlagWinsOverTheEnvironment() {
    S3Settings s = S3Settings.builder().endpoint("http://flag:9000").resolve(ENV);
    assertThat(s.endpoint()).isEqualTo(URI.create("http://flag:9000"));
    assertThat(s.endpointSource()).isEqualTo("--endpoint-url");
  }

  @Test
  void endpointVariablesAreTriedInOrder() {
    assertThat(S3Settings.builder().resolve(ENV).endpointSource()).isEqualTo("AWS_ENDPOINT_URL");
    assertThat(S3Settings.builder().resolve(Map.of("MLFLOW_S3_ENDPOINT_URL", "http://m:9000")).endpoint())
        .isEqualTo(URI.create("http://m:9000"));
    assertThat(
            S3Settings.builder()
                .resolve(Map.of("AWS_ENDPOINT_URL_S3", "http://s3:1", "AWS_ENDPOINT_URL", "http://x:2"))
                .endpointSource())
        .isEqualTo("AWS_ENDPOINT_URL_S3");
  }

  @Test
  void aCustomEndpointDefaultsToPathStyleUsEast1AndWhenRequiredChecksums() {
    S3Settings s = S3Settings.builder().endpoint("http://minio:9000").resolve(Map.of());
    assertThat(s.region()).isEqualTo("us-east-1");
    assertThat(s.pathStyle()).isTrue();
    assertThat(s.checksumMode()).isEqualTo(ChecksumMode.WHEN_REQUIRED);

    S3Settings off =
        S3Settings.builder()
            .endpoint("http://minio:9000")
            .pathStyle(false)
            .checksumMode(ChecksumMode.WHEN_SUPPORTED)
            .resolve(Map.of());
    assertThat(off.pathStyle()).isFalse();
    assertThat(off.checksumMode()).isEqualTo(ChecksumMode.WHEN_SUPPORTED);
  }

  @Test
  void regionFlagThenAwsRegion() {
    Map<String, String> env = Map.of("AWS_REGION", "eu-west-3");
    assertThat(S3Settings.builder().endpoint("http://m:1").resolve(env).region()).isEqualTo("eu-west-3");
    assertThat(S3Settings.builder().region("ap-south-1").resolve(env).region()).isEqualTo("ap-south-1");
  }

  @Test
  void aBadEndpointSaysWhereItCameFrom() {
    assertThatThrownBy(() -> S3Settings.builder().resolve(Map.of("MLFLOW_S3_ENDPOINT_URL", "minio:9000")))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("MLFLOW_S3_ENDPOINT_URL");
  }

  @Test
  void staticCredentialsNeverShowTheSecret() {
    S3Settings s = S3Settings.builder().credentials("AKIA", "very-secret").build();
    assertThat(s.toString()).doesNotContain("very-secret");
  }

  @Test
  void explicitEndpointAndCredentialsSayWhereTheyAreGiven() {
    assertThat(S3Settings.builder().explicitEndpoint(Map.of())).isEmpty();
    assertThat(S3Settings.builder().explicitEndpoint(ENV)).hasValue("AWS_ENDPOINT_URL");
    assertThat(S3Settings.builder().endpoint("http://flag:9000").explicitEndpoint(ENV))
        .hasValue("--endpoint-url");
    S3Settings found = S3Settings.builder().endpoint("http://127.0.0.1:39000", "the deployment")
        .resolve(Map.of());
    assertThat(found.endpointSource()).isEqualTo("the deployment");

    assertThat(S3Settings.builder().explicitCredentials(Map.of("AWS_SECRET_ACCESS_KEY", "s")))
        .as("a secret alone is not a choice of credentials").isEmpty();
    assertThat(S3Settings.builder().explicitCredentials(Map.of("AWS_ACCESS_KEY_ID", "k")))
        .hasValue("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment");
    assertThat(S3Settings.builder().profile("lab").explicitCredentials(Map.of("AWS_PROFILE", "x")))
        .hasValue("profile lab (--profile)");
    assertThat(S3Settings.builder().explicitCredentials(Map.of("AWS_PROFILE", "x")))
        .hasValue("profile x (AWS_PROFILE)");
    assertThat(S3Settings.builder().credentials("k", "s").explicitCredentials(Map.of()))
        .hasValue("static credentials");
  }
}
