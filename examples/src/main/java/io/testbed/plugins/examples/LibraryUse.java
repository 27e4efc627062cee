package io.testbed.plugins.examples;

import io.testbed.plugins.configure.ConfigureRequest;
import io.testbed.plugins.configure.ConfigureResult;
import io.testbed.plugins.configure.Configurator;
import io.testbed.plugins.configure.DeploymentPlan;
import io.testbed.plugins.configure.DeploymentS3;
import io.testbed.plugins.configure.PluginCollection;
import io.testbed.plugins.s3.RemoteTree;
import io.testbed.plugins.s3.S3Location;
import io.testbed.plugins.s3.S3Session;
import io.testbed.plugins.s3.S3Settings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The library use that docs/usage.md shows ("Library use"), compiled, so that a change to the API
 * breaks the build rather than the page: {@code LibraryUseTest} runs it against S3Proxy, and checks
 * that the page quotes the lines between the {@code tag::library-use[]} and {@code
 * end::library-use[]} comments exactly.
 *
 * <p>{@code java -cp … io.testbed.plugins.examples.LibraryUse COMPOSE_FILE PLUGINS_DIR} runs it on
 * a deployment, with the process environment.
 */
public final class LibraryUse {
  private LibraryUse() {}

  public static void main(String[] args) {
    configure(Path.of(args[0]), Path.of(args[1]), System.getenv());
  }

  /**
   * The whole job: bucket, sync of {@code plugins} to {@code s3://plugins/securingai_builtins},
   * then the compose project; endpoint and credentials from {@code env} or the deployment.
   *
   * @param composeFile e.g. {@code /etc/securing-ai/lab_deployment/docker-compose.yml}
   * @param plugins e.g. {@code /path/to/task-plugins/securingai_builtins}
   * @param env the environment, as {@code System.getenv()} gives it
   * @return what was done; empty when everything was already up to date
   */
  public static Optional<ConfigureResult> configure(Path composeFile, Path plugins,
      Map<String, String> env) {
    // tag::library-use[]
    ConfigureRequest request = ConfigureRequest.builder()
        .composeFile(composeFile)
        .collection(new PluginCollection(
            plugins,
            S3Location.parse("s3://plugins/securingai_builtins"),
            PluginCollection.DEFAULT_VARIABLE))
        .build();
    // endpoint and credentials: explicit ones (none here), else the deployment's own
    DeploymentS3 s3 = DeploymentS3.resolve(
        S3Settings.builder(), request.composeFile(), request.selection(), env);
    System.out.println("endpoint " + s3.endpoint() + ", credentials " + s3.credentials());
    try (S3Session session = s3.open()) {                          // fails early without credentials
      DeploymentPlan plan = Configurator.plan(session, request);   // validates and reads; writes nothing
      System.out.println(plan.project().unifiedDiff(false));      // one diff per changed file
      if (plan.upToDate()) {
        return Optional.empty();
      }
      return Optional.of(Configurator.apply(session, plan));       // bucket, syncs, then compose
    }
    // end::library-use[]
  }

  /**
   * A session without the deployment: the number of objects under {@code s3://plugins/securingai_builtins/}.
   *
   * @param endpoint e.g. {@code http://localhost:9000}
   * @param accessKey the access key id (MinIO's user)
   * @param secretKey the secret access key (MinIO's password)
   * @param env the environment, as {@code System.getenv()} gives it (region, profile)
   */
  public static int objects(String endpoint, String accessKey, String secretKey,
      Map<String, String> env) {
    // tag::session[]
    S3Settings settings = S3Settings.builder()
        .endpoint(endpoint)
        .credentials(accessKey, secretKey)   // without: the AWS SDK's default chain
        .resolve(env);
    try (S3Session session = S3Session.open(settings)) {
      return RemoteTree.list(session, S3Location.parse("s3://plugins/securingai_builtins/"))
          .objects().size();
    }
    // end::session[]
  }
}
