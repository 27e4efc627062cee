package io.testbed.plugins.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension: the {@link EmbeddedS3} identity as the AWS SDK's system properties ({@code
 * aws.accessKeyId}, {@code aws.secretAccessKey}, which its default chain reads before the
 * environment) for the tests of one class, cleared after them.
 */
public final class SdkCredentials implements BeforeAllCallback, AfterAllCallback {

  @Override
  public void beforeAll(ExtensionContext context) {
    System.setProperty("aws.accessKeyId", EmbeddedS3.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", EmbeddedS3.SECRET_KEY);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }
}
