package io.testbed.plugins.configure;

import io.testbed.plugins.compose.ComposeProject;
import io.testbed.plugins.compose.ComposeProject.EnvVar;
import io.testbed.plugins.compose.Interpolation;
import io.testbed.plugins.compose.Place;
import io.testbed.plugins.compose.ServiceNetwork;
import io.testbed.plugins.compose.ServiceNetwork.PortMapping;
import io.testbed.plugins.compose.ServiceNetwork.Service;
import io.testbed.plugins.compose.WorkerSelection;
import io.testbed.plugins.compose.WorkerSelector;
import io.testbed.plugins.s3.S3Session;
import io.testbed.plugins.s3.S3Settings;
import io.testbed.plugins.s3.StorageException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

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

  private DeploymentS3(
      S3Settings settings, Sourced endpoint, String credentials, String lookedAt,
      boolean fromDeployment) {
    this.settings = settings;
    this.endpoint = endpoint;
    this.credentials = credentials;
    this.lookedAt = lookedAt;
    this.fromDeployment = fromDeployment;
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
          givenCredentials.orElse(DEFAULT_CHAIN), givenCredentials.orElse(NOT_GIVEN), false);
    }
    return new Resolver(
            ComposeProject.discover(composeFile, Path.of("").toAbsolutePath(), env), selection,
            docker, env)
        .resolve(explicit, givenCredentials, env);
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
    S3Session session = S3Session.open(settings);
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

  /** The resolution from a compose project. */
  private static final class Resolver {
    private final ComposeProject project;
    private final ServiceNetwork net;
    private final WorkerSelection selection;
    private final Optional<DockerContainers> docker;
    private final Map<String, String> env;
    /** Deployment credentials found empty, as "NAME of SERVICE (file:line)". */
    private final List<String> empty = new ArrayList<>();

    Resolver(ComposeProject project, WorkerSelection selection,
        Optional<DockerContainers> docker, Map<String, String> env) {
      this.project = project;
      this.env = env;
      this.net = ServiceNetwork.of(project);
      this.selection = selection;
      this.docker = docker;
    }

    /** A service's endpoint variable and its value. */
    private record Found(String service, EnvVar var, String value) {}

    /** Where the host reaches the endpoint, and through which service. */
    private record Reach(URI uri, String via, Optional<Service> target) {}

    /** Credentials from the deployment; the values never leave this type but in the settings. */
    private record Credentials(String id, String secret, String source) {}

    DeploymentS3 resolve(
        S3Settings.Builder explicit, Optional<String> givenCredentials, Map<String, String> env) {
      List<Found> found = endpointVariables();
      if (found.isEmpty()) {
        S3Settings s = explicit.resolve(env);
        return new DeploymentS3(s, new Sourced(s.endpointDescription(),
            "AWS: no --endpoint-url, and the deployment sets no " + ENDPOINT_VARIABLE),
            givenCredentials.orElse(DEFAULT_CHAIN), givenCredentials.orElse(NOT_GIVEN), false);
      }
      Found first = found.get(0);
      Reach reach = reach(first);
      String source = ENDPOINT_VARIABLE + " of " + first.service()
          + (found.size() > 1 ? " and " + (found.size() - 1) + " more" : "") + ", "
          + line(first.var().place()) + interpolatedFrom(first.var()) + reach.via();
      explicit.endpoint(reach.uri().toString(), source);
      String creds;
      String lookedAt;
      if (givenCredentials.isPresent()) {
        creds = givenCredentials.get();
        lookedAt = creds;
      } else {
        Optional<Credentials> c = credentials(first.service(), reach.target());
        c.ifPresent(v -> explicit.credentials(v.id(), v.secret()));
        String emptyNote = String.join(", ", empty);
        creds = c.map(Credentials::source).orElse(
            DEFAULT_CHAIN + (empty.isEmpty() ? "" : "; the deployment's are empty: " + emptyNote));
        lookedAt = "the deployment (" + (empty.isEmpty() ? "none set" : "empty: " + emptyNote)
            + "), " + NOT_GIVEN;
      }
      S3Settings s = explicit.resolve(env);
      return new DeploymentS3(s, new Sourced(s.endpointDescription(), source), creds, lookedAt,
          true);
    }

    // ---- the endpoint ----

    /** The workers' endpoint variables (else restapi's); they must agree and not be empty. */
    private List<Found> endpointVariables() {
      List<Found> found = new ArrayList<>();
      for (String w : WorkerSelector.workers(WorkerSelector.select(project, selection))) {
        find(w).ifPresent(found::add);
      }
      if (found.isEmpty()) {
        for (String s : project.serviceNames()) {
          if (s.equals("restapi") || s.endsWith("-restapi")) {
            find(s).ifPresent(found::add);
          }
        }
      }
      Map<String, List<Found>> byValue = new LinkedHashMap<>();
      found.forEach(f -> byValue.computeIfAbsent(f.value(), k -> new ArrayList<>()).add(f));
      if (byValue.size() > 1) {
        throw new ConfigureException("the workers disagree on " + ENDPOINT_VARIABLE + ":\n"
            + byValue.entrySet().stream().map(e -> "  " + e.getKey() + ": " + e.getValue().stream()
                .map(f -> f.service() + " (" + line(f.var().place()) + ")")
                .collect(Collectors.joining(", ")))
                .collect(Collectors.joining("\n"))
            + "\nMake them agree, or give the endpoint with --endpoint-url URL.");
      }
      return found;
    }

    private Optional<Found> find(String service) {
      EnvVar v = project.environment(service).get(ENDPOINT_VARIABLE);
      if (v == null) {
        return Optional.empty();
      }
      String value = project.value(v).map(String::strip).orElse("");
      if (value.isEmpty()) {
        String what = v.written() == null || v.written().isBlank() ? " is empty"
            : " is '" + v.written() + "', which interpolates to nothing (" + unset(v) + ")";
        throw new ConfigureException(place(v.place()) + ": " + ENDPOINT_VARIABLE + " of "
            + service + what + ".\nSet it to the S3 URL the containers use (e.g."
            + " http://minio:9000), or give the endpoint with --endpoint-url URL.");
      }
      return Optional.of(new Found(service, v, value));
    }

    /** Why the variables a value refers to give nothing. */
    private String unset(EnvVar v) {
      Set<String> names = new LinkedHashSet<>();
      Interpolation.references(v.written()).forEach(r -> names.add(r.name()));
      if (names.isEmpty()) {
        return "it is blank";
      }
      return names.stream().map(n -> project.variable(n).isPresent()
              ? n + " is empty (" + shorten(project.variableSource(n)) + ")"
              : n + " is not set in the environment or in .env")
          .collect(Collectors.joining(", "));
    }

    private Reach reach(Found found) {
      URI uri;
      try {
        uri = URI.create(found.value());
      } catch (IllegalArgumentException e) {
        uri = null;
      }
      if (uri == null || uri.getHost() == null || uri.getScheme() == null
          || !(uri.getScheme().equalsIgnoreCase("http")
              || uri.getScheme().equalsIgnoreCase("https"))) {
        throw new ConfigureException(place(found.var().place()) + ": " + ENDPOINT_VARIABLE
            + " of " + found.service() + " is '" + found.value() + "', not an http:// or"
            + " https:// URL with a host.\nFix it, or give the endpoint with --endpoint-url URL.");
      }
      List<Service> targets = net.servicesNamed(uri.getHost());
      if (targets.isEmpty()) {
        return new Reach(uri, "", Optional.empty());
      }
      Service target = targets.get(0);
      int port = uri.getPort() != -1 ? uri.getPort()
          : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
      PortMapping elsewhere = null;
      for (PortMapping m : net.ports(target.name())) {
        OptionalInt published = m.publishedFor(port);
        if (published.isEmpty()) {
          continue;
        }
        Optional<String> address = localAddress(m.hostIp());
        if (address.isEmpty()) {
          elsewhere = m;
          continue;
        }
        return new Reach(withHost(uri, address.get(), published.getAsInt()),
            ", via " + target.name() + "'s published port " + published.getAsInt(),
            Optional.of(target));
      }
      if (elsewhere != null) {
        throw new ConfigureException(place(elsewhere.place()) + ": " + target.name()
            + " publishes port " + port + " only on " + elsewhere.hostIp()
            + ", which is not an address of this machine, so " + uri + " ("
            + ENDPOINT_VARIABLE + " of " + found.service() + ") cannot be reached from here.\n"
            + "Publish it on 127.0.0.1 (e.g. \"127.0.0.1:" + port + ":" + port + "\"), run this"
            + " on that host, or give the endpoint with --endpoint-url URL.");
      }
      List<String> networks = networks(target, found.service(), uri.getHost());
      Optional<DockerContainers.Address> container = docker.flatMap(d -> d.address(
          target.containerName(), net.projectName(), target.name(), networks));
      if (container.isPresent()) {
        DockerContainers.Address a = container.get();
        return new Reach(withHost(uri, a.ip(), port), ", via container " + a.container()
            + "'s address " + a.ip() + " on network " + a.network() + " (docker inspect)",
            Optional.of(target));
      }
      throw unreachable(found, uri, target, port);
    }

    private ConfigureException unreachable(Found found, URI uri, Service target, int port) {
      Optional<Place> ports = net.portsPlace(target.name());
      String mapping = "\"127.0.0.1:" + port + ":" + port + "\"";
      String add = ports.isPresent()
          ? "add this line under its ports: (" + line(ports.get()) + "):\n      - " + mapping
          : "add these two lines to the " + target.name() + " service ("
              + line(target.place()) + "):\n    ports:\n      - " + mapping;
      return new ConfigureException(place(found.var().place()) + ": the endpoint " + uri + " ("
          + ENDPOINT_VARIABLE + " of " + found.service() + ") is reachable only inside the"
          + " compose network: " + target.name() + " publishes no port " + port
          + docker.map(DockerContainers::notFound)
              .orElse(", and there is no docker CLI on the PATH to find its container")
          + ".\nEither publish the port: " + add + "\n  then run '"
          + ComposeCli.locate(env).display() + " up -d " + target.name() + "';\nor give the endpoint with --endpoint-url http://HOST:PORT.");
    }

    /** Network names to look up the container on: the endpoint's first, then shared ones. */
    private List<String> networks(Service target, String client, String host) {
      Set<String> clientNets = net.service(client).networks().stream()
          .map(ServiceNetwork.Attachment::name).collect(Collectors.toSet());
      List<String> order = new ArrayList<>();
      target.networks().stream().filter(a -> a.aliases().contains(host))
          .forEach(a -> order.add(a.name()));
      target.networks().stream().filter(a -> clientNets.contains(a.name()))
          .forEach(a -> order.add(a.name()));
      target.networks().forEach(a -> order.add(a.name()));
      return order.stream().distinct().toList();
    }

    /** The address to use for a port published on {@code hostIp}; empty for another host's. */
    private static Optional<String> localAddress(String hostIp) {
      if (hostIp.isEmpty() || hostIp.equals("0.0.0.0") || hostIp.equals("::")) {
        return Optional.of("127.0.0.1");
      }
      try {
        InetAddress a = InetAddress.getByName(hostIp);
        if (a.isLoopbackAddress() || a.isAnyLocalAddress()
            || NetworkInterface.getByInetAddress(a) != null) {
          return Optional.of(hostIp);
        }
      } catch (IOException e) {
        // not an address of this machine
      }
      return Optional.empty();
    }

    private static URI withHost(URI uri, String host, int port) {
      String h = host.contains(":") ? "[" + host + "]" : host;
      return URI.create(uri.getScheme() + "://" + h + ":" + port
          + (uri.getRawPath() == null ? "" : uri.getRawPath())
          + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }

    // ---- credentials ----

    private Optional<Credentials> credentials(String client, Optional<Service> target) {
      Optional<Credentials> c = pair(client, "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
      if (c.isPresent()) {
        return c;
      }
      Set<String> minio = new LinkedHashSet<>();
      target.ifPresent(t -> minio.add(t.name()));
      project.serviceNames().stream().filter(s -> s.equals("minio") || s.endsWith("-minio"))
          .forEach(minio::add);
      for (String s : minio) {
        Map<String, EnvVar> env = project.environment(s);
        Optional<Credentials> m = env.containsKey("MINIO_ROOT_PASSWORD_FILE")
            && !env.containsKey("MINIO_ROOT_PASSWORD") ? secretFile(s)
            : pair(s, "MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD")
                .or(() -> pair(s, "MINIO_ACCESS_KEY", "MINIO_SECRET_KEY"))
                .or(() -> secretFile(s));
        if (m.isPresent()) {
          return m;
        }
      }
      return Optional.empty();
    }

    /** Both halves set: credentials; neither: empty (noted); one: an error. */
    private Optional<Credentials> pair(String service, String idName, String secretName) {
      Map<String, EnvVar> env = project.environment(service);
      EnvVar idVar = env.get(idName);
      EnvVar secretVar = env.get(secretName);
      if (idVar == null && secretVar == null) {
        return Optional.empty();
      }
      String id = value(idVar);
      String secret = value(secretVar);
      if (!id.isEmpty() && !secret.isEmpty()) {
        return Optional.of(new Credentials(id, secret, idName + " and " + secretName + " of "
            + service + " (" + line(idVar.place()) + ", " + line(secretVar.place())
            + interpolatedFrom(idVar, secretVar) + ")"));
      }
      if (id.isEmpty() && secret.isEmpty()) {
        EnvVar at = idVar != null ? idVar : secretVar;
        empty.add(idName + " of " + service + " (" + line(at.place()) + ")");
        return Optional.empty();
      }
      throw half(service, id.isEmpty() ? secretName : idName, id.isEmpty() ? secretVar : idVar,
          id.isEmpty() ? idName : secretName, id.isEmpty() ? idVar : secretVar);
    }

    private ConfigureException half(
        String service, String setName, EnvVar setVar, String otherName, EnvVar otherVar) {
      return new ConfigureException(place(setVar.place()) + ": only half of " + service
          + "'s credentials: " + setName + " is set, but " + otherName
          + (otherVar == null ? " is not" : " is empty (" + line(otherVar.place()) + ")")
          + ".\nSet both (in the compose file or .env), or export AWS_ACCESS_KEY_ID and"
          + " AWS_SECRET_ACCESS_KEY, or pass --profile NAME.");
    }

    /** MINIO_ROOT_PASSWORD_FILE: a docker secret file readable from here, and the user. */
    private Optional<Credentials> secretFile(String service) {
      Map<String, EnvVar> env = project.environment(service);
      EnvVar passwordFile = env.get("MINIO_ROOT_PASSWORD_FILE");
      if (passwordFile == null) {
        return Optional.empty();
      }
      Optional<String> password = readSecret(service, passwordFile);
      if (password.isEmpty()) {
        return Optional.empty();
      }
      EnvVar userFile = env.get("MINIO_ROOT_USER_FILE");
      EnvVar userVar = userFile != null ? userFile : env.get("MINIO_ROOT_USER");
      String user = userFile != null ? readSecret(service, userFile).orElse("") : value(userVar);
      if (user.isEmpty()) {
        throw half(service, "MINIO_ROOT_PASSWORD_FILE", passwordFile,
            userFile != null ? "MINIO_ROOT_USER_FILE" : "MINIO_ROOT_USER", userVar);
      }
      return Optional.of(new Credentials(user, password.get(), "MINIO_ROOT_PASSWORD_FILE of "
          + service + " (" + line(passwordFile.place()) + ", the docker secret file "
          + shorten(net.secretFile(service, value(passwordFile)).orElseThrow().file().toString())
          + ") and " + (userFile != null ? "MINIO_ROOT_USER_FILE" : "MINIO_ROOT_USER") + " ("
          + line(userVar.place()) + ")"));
    }

    private Optional<String> readSecret(String service, EnvVar var) {
      String named = value(var);
      Optional<ServiceNetwork.SecretFile> file = net.secretFile(service, named);
      if (file.isEmpty()) {
        empty.add(var.name() + " of " + service + " (" + line(var.place()) + ", '" + named
            + "' is not a secret file of " + service + ")");
        return Optional.empty();
      }
      Path p = file.get().file();
      try {
        String text = Files.readString(p).strip();
        if (text.isEmpty()) {
          empty.add(var.name() + " of " + service + " (" + shorten(p.toString()) + ")");
          return Optional.empty();
        }
        return Optional.of(text);
      } catch (IOException e) {
        throw new ConfigureException(place(file.get().place()) + ": cannot read " + p
            + ", the secret file that " + var.name() + " of " + service + " names ("
            + (e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e instanceof java.nio.file.NoSuchFileException ? "no such file"
                    : e.getMessage())
            + ").\nRun as a user who can read it, or export AWS_ACCESS_KEY_ID and"
            + " AWS_SECRET_ACCESS_KEY, or pass --profile NAME.");
      }
    }

    private String value(EnvVar v) {
      return v == null ? "" : project.value(v).map(String::strip).orElse("");
    }

    // ---- places ----

    /** ", from .env:2" when the value interpolates variables; where those are set. */
    private String interpolatedFrom(EnvVar... vars) {
      Set<String> sources = new LinkedHashSet<>();
      for (EnvVar v : vars) {
        List<String> names = v.written() == null ? List.of(v.name())
            : Interpolation.references(v.written()).stream().map(r -> r.name()).toList();
        names.stream().filter(n -> project.variable(n).isPresent())
            .forEach(n -> sources.add(shorten(project.variableSource(n))));
      }
      return sources.isEmpty() ? "" : ", from " + String.join(", ", sources);
    }

    /** {@code file:line}, the file relative to the project directory when inside it. */
    private String line(Place p) {
      return shorten(p.fileAndLine());
    }

    /** {@code file:line:col}, likewise. */
    private String place(Place p) {
      return shorten(p.toString());
    }

    private String shorten(String where) {
      String dir = project.directory().toString() + java.io.File.separator;
      return where.startsWith(dir) ? where.substring(dir.length()) : where;
    }
  }
}
