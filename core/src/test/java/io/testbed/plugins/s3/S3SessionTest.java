package io.testbed.plugins.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.ProxyConfiguration;

/** How the session's HTTP client is made; the requests themselves are in SyncIntegrationTest. */
class S3SessionTest {
  private static final ProxyConfiguration NO_PROXY =
      ProxyConfiguration.builder().useSystemPropertyValues(false).useEnvironmentVariablesValues(false).build();
  private static final ProxyConfiguration PROXY =
      ProxyConfiguration.builder()
          .endpoint(URI.create("http://proxy.example:3128"))
          .useSystemPropertyValues(false)
          .useEnvironmentVariablesValues(false)
          .build();

  private static S3Settings settings(String endpoint) {
    S3Settings.Builder b = S3Settings.builder().region("eu-west-1");
    if (endpoint != null) {
      b.endpoint(endpoint);
    }
    return b.resolve(Map.of());
  }

  @Test
  void aPlainHttpEndpointWithoutProxyGetsConnectionsWithoutTls() {
    assertThat(S3Session.opensOwnConnections(settings("http://minio:9000"), NO_PROXY)).isTrue();
    assertThat(S3Session.opensOwnConnections(settings("HTTP://127.0.0.1:9000"), NO_PROXY)).isTrue();
  }

  @Test
  void httpsAwsAndProxiedEndpointsKeepTheSdkClient() {
    assertThat(S3Session.opensOwnConnections(settings("https://minio.lab:9000"), NO_PROXY)).isFalse();
    assertThat(S3Session.opensOwnConnections(settings(null), NO_PROXY)).isFalse();
    assertThat(S3Session.opensOwnConnections(settings("http://minio:9000"), PROXY)).isFalse();
  }

  @Test
  void ownConnectionsHaveTheClientsTimeoutsAndNoTls() throws Exception {
    HttpURLConnection c =
        S3Session.openConnection(
            URI.create("http://127.0.0.1:9/bucket?list-type=2"), Duration.ofMillis(2_500),
            Duration.ofSeconds(5));
    try {
      assertThat(c.getConnectTimeout()).isEqualTo(2_500);
      assertThat(c.getReadTimeout()).isEqualTo(5_000);
      assertThat(c).isNotInstanceOf(javax.net.ssl.HttpsURLConnection.class);
      assertThat(c.getURL().getQuery()).isEqualTo("list-type=2");
    } finally {
      c.disconnect();
    }
  }
}
