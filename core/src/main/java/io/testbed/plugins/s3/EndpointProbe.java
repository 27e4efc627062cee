package io.testbed.plugins.s3;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The first connection to a custom endpoint, made while the client is being built, so that a
 * server that is not there, or does not answer, fails the session at once with a clear message:
 * the SDK's own retries would take seconds for a refused connection, and minutes for a server that
 * accepts connections and never answers (a paused container behind its published port: every
 * request waits for the read timeout, on every attempt).
 *
 * <p>{@link #start} connects and, at an {@code http://} endpoint, sends {@code HEAD /}; {@link
 * #awaitAnswer} then wants the first byte of any answer. In between the caller builds its client,
 * so a server that answers costs no time.
 */
final class EndpointProbe implements AutoCloseable {
  private final S3Settings settings;
  private final Duration limit;
  private final Socket socket;

  private EndpointProbe(S3Settings settings, Duration limit, Socket socket) {
    this.settings = settings;
    this.limit = limit;
    this.socket = socket;
  }

  /**
   * Connects within {@code limit} and asks; a probe that has nothing to check (no custom endpoint)
   * does nothing.
   *
   * @throws StorageException when the host is unknown, or nothing accepts the connection in time
   */
  static EndpointProbe start(S3Settings settings, Duration limit) {
    URI uri = settings.endpointOverride().orElse(null);
    if (uri == null || uri.getHost() == null) {
      return new EndpointProbe(settings, limit, null);
    }
    boolean http = "http".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort() != -1 ? uri.getPort() : http ? 80 : 443;
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(uri.getHost(), port), (int) limit.toMillis());
      if (!http) {
        socket.close();
        return new EndpointProbe(settings, limit, null);
      }
      socket.setSoTimeout((int) limit.toMillis());
      socket.getOutputStream().write(("HEAD / HTTP/1.1\r\nHost: " + uri.getHost() + ":" + port
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      return new EndpointProbe(settings, limit, socket);
    } catch (UnknownHostException e) {
      close(socket);
      throw new StorageException("could not resolve the host of "
          + settings.endpointDescription() + "; check --endpoint-url");
    } catch (ConnectException e) {
      close(socket);
      throw failed(settings, "connection refused; is the S3 server (MinIO) running");
    } catch (SocketTimeoutException e) {
      close(socket);
      throw failed(settings, "no answer in " + seconds(limit) + "; is the S3 server (MinIO)"
          + " running");
    } catch (IOException e) {
      close(socket);
      throw failed(settings, Errors.firstLine(e.getMessage()) + "; is the S3 server (MinIO)"
          + " running");
    }
  }

  /**
   * Waits for the first byte of the answer to {@code HEAD /}, at most the limit.
   *
   * @throws StorageException when none comes; a closed or reset connection is an answer too (what
   *     the server is, the requests will tell)
   */
  void awaitAnswer() {
    if (socket == null) {
      return;
    }
    try {
      socket.getInputStream().read();
    } catch (SocketTimeoutException e) {
      throw failed(settings, "the connection opened, but no answer came in " + seconds(limit)
          + "; is the S3 server (MinIO) running, and not paused");
    } catch (IOException e) {
      // answered in its way
    }
  }

  @Override
  public void close() {
    close(socket);
  }

  private static StorageException failed(S3Settings settings, String cause) {
    return new StorageException("could not connect to " + settings.endpointDescription() + ": "
        + cause + "? check --endpoint-url");
  }

  private static String seconds(Duration limit) {
    return limit.toMillis() / 1000.0 + " s";
  }

  private static void close(Socket socket) {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // nothing to do
      }
    }
  }
}
