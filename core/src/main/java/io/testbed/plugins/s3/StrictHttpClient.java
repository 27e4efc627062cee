package io.testbed.plugins.s3;

import java.io.IOException;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * The session's HTTP client, with one fault of the SDK's {@code UrlConnectionHttpClient} turned
 * into what it is: an answer the JDK could not read as HTTP (a status line cut short by a broken
 * connection or a faulty proxy, status -1) fails its request with an {@link
 * IllegalArgumentException}, which the SDK neither retries nor reports as a client error. Here it
 * is an {@link IOException}, which the SDK retries like any broken connection.
 */
final class StrictHttpClient implements SdkHttpClient {
  private final SdkHttpClient delegate;

  StrictHttpClient(SdkHttpClient delegate) {
    this.delegate = delegate;
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    ExecutableHttpRequest prepared = delegate.prepareRequest(request);
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() throws IOException {
        try {
          return prepared.call();
        } catch (IllegalArgumentException e) {
          throw new IOException("the answer was not readable as HTTP (" + e.getMessage() + ")", e);
        }
      }

      @Override
      public void abort() {
        prepared.abort();
      }
    };
  }

  @Override
  public String clientName() {
    return delegate.clientName();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
