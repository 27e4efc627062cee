package io.testbed.plugins.s3;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Turns SDK failures into messages that say what, where and what to do. */
final class Errors {
  private Errors() {}

  /** The failure behind a future's wrapper exceptions. */
  static Throwable unwrap(Throwable t) {
    Throwable cur = t;
    while ((cur instanceof CompletionException || cur instanceof ExecutionException)
        && cur.getCause() != null) {
      cur = cur.getCause();
    }
    return cur;
  }

  /** The HTTP status of an S3 error response, or 0. */
  static int status(Throwable t) {
    return unwrap(t) instanceof AwsServiceException e ? e.statusCode() : 0;
  }

  /** The S3 error code ({@code NoSuchBucket}, ...), or "". */
  static String code(Throwable t) {
    if (unwrap(t) instanceof AwsServiceException e && e.awsErrorDetails() != null) {
      String code = e.awsErrorDetails().errorCode();
      return code == null ? "" : code;
    }
    return "";
  }

  /**
   * A user-facing exception for a failed request.
   *
   * @param what the operation, e.g. "upload of s3://b/k"
   */
  static StorageException translate(Throwable failure, S3Session session, String what) {
    Throwable t = unwrap(failure);
    if (t instanceof StorageException se) {
      return se;
    }
    return new StorageException(what + " failed: " + describe(t, session), t);
  }

  /** The cause and the remedy, without the operation. */
  static String describe(Throwable failure, S3Session session) {
    Throwable t = unwrap(failure);
    S3Settings s = session.settings();
    String endpoint = s.endpointDescription();
    if (t instanceof AwsServiceException e) {
      String code = code(e);
      int status = e.statusCode();
      String msg = e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
          ? e.awsErrorDetails().errorMessage() : firstLine(e.getMessage());
      return switch (code) {
        case "InvalidAccessKeyId" -> "the access key is not known to " + endpoint
            + "; check AWS_ACCESS_KEY_ID (or --profile) and --endpoint-url";
        case "SignatureDoesNotMatch" -> "the server rejected the request signature (" + endpoint
            + "); check AWS_SECRET_ACCESS_KEY (or --profile), --region and the server clock";
        case "AccessDenied" -> "access denied by " + endpoint
            + "; check that these credentials may use this bucket";
        case "NoSuchBucket" -> "the bucket does not exist on " + endpoint
            + "; create it with 'testbed-plugins mb s3://BUCKET'";
        case "BadDigest" -> "the content changed while it was being uploaded (Content-MD5"
            + " mismatch); run the sync again";
        case "XAmzContentSHA256Mismatch", "InvalidDigest" ->
            code + " (HTTP " + status + "): " + msg + "; this server may not support the AWS SDK's"
                + " default checksums: try --checksum-mode when_required";
        default -> (code.isEmpty() ? "HTTP " + status : code + " (HTTP " + status + ")")
            + (msg == null || msg.isBlank() ? "" : ": " + msg) + " from " + endpoint;
      };
    }
    String notAnswering = "; is the S3 server (MinIO) running, and not paused? check --endpoint-url";
    if (t instanceof ApiCallTimeoutException) {
      return "no answer from " + endpoint + " in " + session.answerLimit().toSeconds() + " s"
          + notAnswering;
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SocketTimeoutException) {
        return "no answer from " + endpoint + " (" + firstLine(c.getMessage()) + ")"
            + notAnswering;
      }
      if (c instanceof ConnectException) {
        return "could not connect to " + endpoint + ": connection refused; is the S3 server"
            + " (MinIO) running? check --endpoint-url";
      }
      if (c instanceof UnknownHostException) {
        return "could not resolve the host of " + endpoint + "; check --endpoint-url";
      }
      if (c instanceof NoRouteToHostException) {
        return "no route to " + endpoint + "; check --endpoint-url and the network";
      }
      if (c instanceof SocketException) {
        return "the connection to " + endpoint + " failed (" + firstLine(c.getMessage())
            + "); is it an S3 server? check --endpoint-url";
      }
    }
    if (t instanceof SdkClientException) {
      return firstLine(t.getMessage()) + " (" + endpoint + ")";
    }
    return t.getClass().getSimpleName() + ": " + firstLine(t.getMessage());
  }

  static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
