package io.testbed.plugins.testing;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one {@link EmbeddedS3} for the whole test run (started on first use, stopped
 * when JUnit closes its root store), injected as a parameter.
 *
 * <pre>{@code
 * @ExtendWith(EmbeddedS3Extension.class)
 * class MyTest {
 *   @Test void works(EmbeddedS3 s3) { ... }
 * }
 * }</pre>
 */
public final class EmbeddedS3Extension implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == EmbeddedS3.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return shared(context);
  }

  /** The run's server. */
  public static EmbeddedS3 shared(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.create(EmbeddedS3Extension.class))
        .getOrComputeIfAbsent(
            "server",
            k -> new Resource(EmbeddedS3.start(Path.of("target", "s3proxy-" + ProcessHandle.current().pid()))),
            Resource.class)
        .s3;
  }

  private record Resource(EmbeddedS3 s3) implements AutoCloseable {
    @Override
    public void close() {
      s3.close();
    }
  }
}
