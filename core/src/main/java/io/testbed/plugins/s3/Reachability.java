package io.testbed.plugins.s3;

import java.time.Duration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * One quick request (ListObjectsV2 of one key, within 3 s): does S3 answer at a location, and if
 * not, can waiting help? No answer or a 5xx may pass; a refusal (credentials, permissions, no
 * bucket) will not.
 */
public final class Reachability {
  /** An answer; none, or a server error (worth waiting for); a refusal (not). */
  public enum Status { OK, UNREACHABLE, REFUSED }

  /** The status, and the cause with what to do ({@code null} when OK). */
  public record Answer(Status status, String message) {}

  private Reachability() {}

  /** Sends the request and classifies the outcome; never throws for an S3 failure. */
  public static Answer check(S3Session session, S3Location location) {
    try {
      session.client().listObjectsV2(b -> b.bucket(location.bucket()).maxKeys(1)
          .prefix(location.prefix().isEmpty() ? null : location.prefix())
          .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(3))));
      return new Answer(Status.OK, null);
    } catch (SdkException | StorageException e) {
      Throwable t = Errors.unwrap(e);
      boolean refused = t instanceof AwsServiceException s
          ? s.statusCode() < 500 && s.statusCode() != 429 && !"SlowDown".equals(Errors.code(s))
          : String.valueOf(t.getMessage()).contains("credentials"); // none could be loaded
      return new Answer(refused ? Status.REFUSED : Status.UNREACHABLE, Errors.describe(e, session));
    }
  }
}
