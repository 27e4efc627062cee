package io.testbed.plugins.s3;

import java.time.Duration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * One quick request (a ListObjectsV2 of at most one key, within a time limit) that tells whether
 * S3 answers at a location, and if not, whether waiting can help: a server that cannot be reached
 * or answers 5xx may come back; refused or expired credentials, a denied bucket or a missing one
 * will not.
 */
public final class Reachability {
  /** What the request found: an answer, none (worth waiting for), or a refusal (not). */
  public enum Status { OK, UNREACHABLE, REFUSED }

  /** The status, and the cause with what to do ({@code null} when OK). */
  public record Answer(Status status, String message) {}

  static final Duration TIME_LIMIT = Duration.ofSeconds(3);

  private Reachability() {}

  /** Sends the request and classifies the outcome; never throws for an S3 failure. */
  public static Answer check(S3Session session, S3Location location) {
    try {
      session.client().listObjectsV2(b -> {
        b.bucket(location.bucket()).maxKeys(1)
            .overrideConfiguration(o -> o.apiCallTimeout(TIME_LIMIT));
        if (!location.prefix().isEmpty()) {
          b.prefix(location.prefix());
        }
      });
      return new Answer(Status.OK, null);
    } catch (SdkException | StorageException e) {
      return new Answer(classify(e), Errors.describe(e, session));
    }
  }

  /** Whether a failure is one that waiting can mend. */
  static Status classify(Throwable failure) {
    Throwable t = Errors.unwrap(failure);
    if (t instanceof AwsServiceException e) {
      int status = e.statusCode();
      return status >= 500 || status == 429 || "SlowDown".equals(Errors.code(e))
          ? Status.UNREACHABLE
          : Status.REFUSED;
    }
    if (t instanceof StorageException) {
      return Status.UNREACHABLE; // the session could not reach the endpoint when it was opened
    }
    String message = String.valueOf(t.getMessage());
    return message.contains("credentials") ? Status.REFUSED : Status.UNREACHABLE;
  }
}
