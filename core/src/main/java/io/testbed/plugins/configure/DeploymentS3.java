package io.testbed.plugins.configure;

import io.testbed.plugins.compose.ComposeProject;
import io.testbed.plugins.compose.ServiceNetwork;
import io.testbed.plugins.compose.WorkerSelection;
import io.testbed.plugins.docker.DockerContainers;
import io.testbed.plugins.s3.S3Session;
import io.testbed.plugins.s3.S3Settings;
import io.testbed.plugins.s3.StorageException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A deployment's S3 settings, each with where it came from. Explicit settings win: an endpoint from
 * {@code --endpoint-url}, {@code AWS_ENDPOINT_URL_S3}, {@code AWS_ENDPOINT_URL} or {@code
 * MLFLOW_S3_ENDPOINT_URL} in the environment, and credentials from {@code AWS_ACCESS_KEY_ID},
 * {@code --profile} or {@code AWS_PROFILE}. Otherwise they come from the compose project:
 *
 * <ul>
 *   <li>the endpoint is the {@code MLFLOW_S3_ENDPOINT_URL} the workers use (else restapi's),
 *       interpolated as compose does; when its host is a compose service, the host reaches it
 *       through the port that service publishes, else (with a {@code docker} CLI) at its running
 *       container's address;
 *   <li>with that endpoint, the credentials are the {@code AWS_ACCESS_KEY_ID} / {@code
 *       AWS_SECRET_ACCESS_KEY} of the service it came from, else MinIO's {@code MINIO_ROOT_USER} /
 *       {@code MINIO_ROOT_PASSWORD} (or {@code MINIO_ACCESS_KEY} / {@code MINIO_SECRET_KEY}),
 *       else the docker secret file {@code MINIO_ROOT_PASSWORD_FILE} names.
 * </ul>
 *
 * <pre>{@code
 * DeploymentS3 s3 = DeploymentS3.resolve(S3Settings.builder(), composeFile,
 *     WorkerSelection.defaults(), System.getenv());
 * s3.endpoint();   // http://127.0.0.1:39000 (MLFLOW_S3_ENDPOINT_URL of restapi, ...)
 * try (S3Session session = s3.open()) { ... }
 * }</pre>
 *
 * <p>Sources name files and lines, never a secret.
 */
public final class DeploymentS3 {
  /** The variable Testbed containers read their S3 endpoint from. */
  public static final String ENDPOINT_VARIABLE = "MLFLOW_S3_ENDPOINT_URL";

  /** A setting as shown to users (never a secret), and where it came from. */
  public record Sourced(String value, String source) {
    @Override
    public String toString() {
      return value + " (" + source + ")";
    }
  }

  private final S3Settings settings;
  private final Sourced endpoint;
  private final String credentials;
  private final String lookedAt;
  private final boolean fromDeployment;
  private final Supplier<Optional<ConfigureException>> containerDown;

  private DeploymentS3(
      S3Settings settings, Sourced endpoint, String credentials, String lookedAt,
      boolean fromDeployment, Supplier<Optional<ConfigureException>> containerDown) {
    this.settings = settings;
    this.endpoint = endpoint;
    this.credentials = credentials;
    this.lookedAt = lookedAt;
    this.fromDeployment = fromDeployment;
    this.containerDown = containerDown;
  }

  /**
   * Why S3 failed when the endpoint is a compose service whose container docker reports stopped
   * or paused (MinIO behind its published port: the connection is refused, or taken and never
   * answered): that container, named with the command that starts or unpauses it, with {@code
   * failure} as the cause. Empty otherwise. Asks docker only here, after a failure.
   */
  public Optional<ConfigureException> containerDown(StorageException failure) {
    return containerDown.get().map(down -> new ConfigureException(down.getMessage(), failure));
  }

  /**
   * Resolves the settings. {@code explicit} holds the caller's explicit values (CLI options); it
   * is completed with what the deployment gives and resolved against {@code env}. The compose file
   * is read only when no endpoint is given explicitly.
   *
   * @param selection which services are workers (whose {@code MLFLOW_S3_ENDPOINT_URL} counts)
   * @throws io.testbed.plugins.PluginsException for bad input, with {@code file:line} and what to
   *     do; nothing is changed anywhere
   */
  public static DeploymentS3 resolve(
      S3Settings.Builder explicit, Path composeFile, WorkerSelection selection,
      Map<String, String> env) {
    return resolve(explicit, composeFile, selection, env, DockerContainers.onPath(env));
  }

  static DeploymentS3 resolve(
      S3Settings.Builder explicit, Path composeFile, WorkerSelection selection,
      Map<String, String> env, Optional<DockerContainers> docker) {
    Optional<String> givenCredentials = explicit.explicitCredentials(env);
    Optional<String> givenEndpoint = explicit.explicitEndpoint(env);
    if (givenEndpoint.isPresent()) {
      S3Settings s = explicit.resolve(env);
      String source = givenEndpoint.get().startsWith("--")
          ? givenEndpoint.get() : givenEndpoint.get() + " in the environment";
      return new DeploymentS3(s, new Sourced(s.endpointDescription(), source),
          givenCredentials.orElse(DEFAULT_CHAIN), givenCredentials.orElse(NOT_GIVEN), false,
          Optional::empty);
    }
    return fromProject(
        ComposeProject.discover(composeFile, Path.of("").toAbsolutePath(), env), selection,
        docker, explicit, givenCredentials, env);
  }

  private static final String DEFAULT_CHAIN = "the AWS SDK's default chain";
  private static final String NOT_GIVEN = "the environment and the default profile";

  /** The settings to open a session with. */
  public S3Settings settings() {
    return settings;
  }

  /** The endpoint, e.g. {@code http://127.0.0.1:39000 (MLFLOW_S3_ENDPOINT_URL of restapi, ...)}. */
  public Sourced endpoint() {
    return endpoint;
  }

  /** Where the credentials come from, e.g. {@code AWS_ACCESS_KEY_ID and ... of restapi (...)}. */
  public String credentials() {
    return credentials;
  }

  /** Whether the endpoint came from the compose project. */
  public boolean fromDeployment() {
    return fromDeployment;
  }

  /**
   * Opens a session and checks that credentials resolve.
   *
   * @throws ConfigureException when there are none, in two lines: where they were looked for and
   *     what to do (the SDK's own report is the cause)
   */
  public S3Session open() {
    return checked(S3Session.open(settings));
  }

  /**
   * {@link #open()}, for a report that does not wait long for a server that does not answer
   * ({@code status}): connections must open within {@code connectTimeout}, and answers come
   * within a few seconds ({@link S3Session#openForReport}).
   */
  public S3Session openForReport(java.time.Duration connectTimeout) {
    return checked(S3Session.openForReport(settings, connectTimeout));
  }

  private S3Session checked(S3Session session) {
    try {
      session.checkCredentials();
      return session;
    } catch (StorageException e) {
      session.close();
      throw new ConfigureException("no S3 credentials found; looked at " + lookedAt + ".\n"
          + "Export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or pass --profile NAME"
          + (fromDeployment ? ", or fill in the deployment's credentials (compose file or .env)"
              : "")
          + "; -v shows the AWS SDK's report.", e);
    }
  }

  /** The resolution from a compose project, when no endpoint is given explicitly. */
  private static DeploymentS3 fromProject(
      ComposeProject project, WorkerSelection selection, Optional<DockerContainers> docker,
      S3Settings.Builder explicit, Optional<String> givenCredentials, Map<String, String> env) {
    ProjectPlaces places = new ProjectPlaces(project);
    ServiceNetwork net = ServiceNetwork.of(project);
    List<EndpointLookup.Found> found =
        new EndpointLookup(project, selection, places).endpointVariables();
    if (found.isEmpty()) {
      S3Settings s = explicit.resolve(env);
      return new DeploymentS3(s, new Sourced(s.endpointDescription(),
          "AWS: no --endpoint-url, and the deployment sets no " + ENDPOINT_VARIABLE),
          givenCredentials.orElse(DEFAULT_CHAIN), givenCredentials.orElse(NOT_GIVEN), false,
          Optional::empty);
    }
    EndpointLookup.Found first = found.get(0);
    HostReach hostReach = new HostReach(project, docker, places, env);
    HostReach.Reach reach = hostReach.reach(first);
    String source = ENDPOINT_VARIABLE + " of " + first.service()
        + (found.size() > 1 ? " and " + (found.size() - 1) + " more" : "") + ", "
        + places.line(first.var().place()) + places.interpolatedFrom(first.var()) + reach.via();
    explicit.endpoint(reach.uri().toString(), source);
    String creds;
    String lookedAt;
    if (givenCredentials.isPresent()) {
      creds = givenCredentials.get();
      lookedAt = creds;
    } else {
      DeploymentCredentials deployment = new DeploymentCredentials(project, net, places);
      Optional<DeploymentCredentials.Credentials> c =
          deployment.credentials(first.service(), reach.target());
      List<String> empty = deployment.empty();
      c.ifPresent(v -> explicit.credentials(v.id(), v.secret()));
      String emptyNote = String.join(", ", empty);
      creds = c.map(DeploymentCredentials.Credentials::source).orElse(
          DEFAULT_CHAIN + (empty.isEmpty() ? "" : "; the deployment's are empty: " + emptyNote));
      lookedAt = "the deployment (" + (empty.isEmpty() ? "none set" : "empty: " + emptyNote)
          + "), " + NOT_GIVEN;
    }
    S3Settings s = explicit.resolve(env);
    return new DeploymentS3(s, new Sourced(s.endpointDescription(), source), creds, lookedAt,
        true, () -> reach.target().flatMap(t -> hostReach.containerDown(first, t)));
  }
}
