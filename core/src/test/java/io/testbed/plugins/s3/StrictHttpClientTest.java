package io.testbed.plugins.s3;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * An answer that is not HTTP fails its request as a broken connection does, not as a bug: the
 * SDK's client, given a status of -1 for a {@code HEAD} (a {@code HeadBucket}), throws {@link
 * IllegalArgumentException}.
 */
class StrictHttpClientTest {
  @Test
  void anAnswerThatIsNotHttpIsAnIoException() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      Thread answer = new Thread(() -> {
        while (!server.isClosed()) {
          try (Socket s = server.accept()) {
            s.getInputStream().read(new byte[4096]);
            // the start of a status line, then the end of the connection: its status reads as -1
            s.getOutputStream().write("HTTP/1.1".getBytes(StandardCharsets.US_ASCII));
          } catch (IOException e) {
            return;
          }
        }
      });
      answer.setDaemon(true);
      answer.start();
      SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.HEAD)
          .uri(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/bucket")).build();
      try (SdkHttpClient client = new StrictHttpClient(UrlConnectionHttpClient.create())) {
        assertThatThrownBy(() ->
            client.prepareRequest(HttpExecuteRequest.builder().request(request).build()).call())
            .isInstanceOf(IOException.class)
            .hasMessageContaining("the answer was not readable as HTTP")
            .hasCauseInstanceOf(IllegalArgumentException.class);
      }
    }
  }
}
