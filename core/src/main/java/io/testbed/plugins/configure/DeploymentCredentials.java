package io.testbed.plugins.configure;

import io.testbed.plugins.compose.ComposeProject;
import io.testbed.plugins.compose.ComposeProject.EnvVar;
import io.testbed.plugins.compose.ServiceNetwork;
import io.testbed.plugins.compose.ServiceNetwork.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The deployment's S3 credentials: the {@code AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY}
 * of the service the endpoint came from, else MinIO's root user (or access key), else the docker
 * secret file {@code MINIO_ROOT_PASSWORD_FILE} names. Records the ones found empty for messages.
 */
final class DeploymentCredentials {
  private final ComposeProject project;
  private final ServiceNetwork net;
  private final ProjectPlaces places;
  /** Deployment credentials found empty, as "NAME of SERVICE (file:line)". */
  private final List<String> empty = new ArrayList<>();

  DeploymentCredentials(ComposeProject project, ServiceNetwork net, ProjectPlaces places) {
    this.project = project;
    this.net = net;
    this.places = places;
  }

  /** The credentials found empty, as "NAME of SERVICE (file:line)". */
  List<String> empty() {
    return empty;
  }

  /** Credentials from the deployment; the values never leave this type but in the settings. */
  record Credentials(String id, String secret, String source) {}

  Optional<Credentials> credentials(String client, Optional<Service> target) {
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
  Optional<Credentials> pair(String service, String idName, String secretName) {
    Map<String, EnvVar> env = project.environment(service);
    EnvVar idVar = env.get(idName);
    EnvVar secretVar = env.get(secretName);
    if (idVar == null && secretVar == null) {
      return Optional.empty();
    }
    String id = places.value(idVar);
    String secret = places.value(secretVar);
    if (!id.isEmpty() && !secret.isEmpty()) {
      return Optional.of(new Credentials(id, secret, idName + " and " + secretName + " of "
          + service + " (" + places.line(idVar.place()) + ", " + places.line(secretVar.place())
          + places.interpolatedFrom(idVar, secretVar) + ")"));
    }
    if (id.isEmpty() && secret.isEmpty()) {
      EnvVar at = idVar != null ? idVar : secretVar;
      empty.add(idName + " of " + service + " (" + places.line(at.place()) + ")");
      return Optional.empty();
    }
    throw half(service, id.isEmpty() ? secretName : idName, id.isEmpty() ? secretVar : idVar,
        id.isEmpty() ? idName : secretName, id.isEmpty() ? idVar : secretVar);
  }

  ConfigureException half(
      String service, String setName, EnvVar setVar, String otherName, EnvVar otherVar) {
    return new ConfigureException(places.place(setVar.place()) + ": only half of " + service
        + "'s credentials: " + setName + " is set, but " + otherName
        + (otherVar == null ? " is not" : " is empty (" + places.line(otherVar.place()) + ")")
        + ".\nSet both (in the compose file or .env), or export AWS_ACCESS_KEY_ID and"
        + " AWS_SECRET_ACCESS_KEY, or pass --profile NAME.");
  }

  /** MINIO_ROOT_PASSWORD_FILE: a docker secret file readable from here, and the user. */
  Optional<Credentials> secretFile(String service) {
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
    String user = userFile != null ? readSecret(service, userFile).orElse("")
        : places.value(userVar);
    if (user.isEmpty()) {
      throw half(service, "MINIO_ROOT_PASSWORD_FILE", passwordFile,
          userFile != null ? "MINIO_ROOT_USER_FILE" : "MINIO_ROOT_USER", userVar);
    }
    return Optional.of(new Credentials(user, password.get(), "MINIO_ROOT_PASSWORD_FILE of "
        + service + " (" + places.line(passwordFile.place()) + ", the docker secret file "
        + places.shorten(net.secretFile(service, places.value(passwordFile)).orElseThrow().file()
            .toString())
        + ") and " + (userFile != null ? "MINIO_ROOT_USER_FILE" : "MINIO_ROOT_USER") + " ("
        + places.line(userVar.place()) + ")"));
  }

  Optional<String> readSecret(String service, EnvVar var) {
    String named = places.value(var);
    Optional<ServiceNetwork.SecretFile> file = net.secretFile(service, named);
    if (file.isEmpty()) {
      empty.add(var.name() + " of " + service + " (" + places.line(var.place()) + ", '" + named
          + "' is not a secret file of " + service + ")");
      return Optional.empty();
    }
    Path p = file.get().file();
    try {
      String text = Files.readString(p).strip();
      if (text.isEmpty()) {
        empty.add(var.name() + " of " + service + " (" + places.shorten(p.toString()) + ")");
        return Optional.empty();
      }
      return Optional.of(text);
    } catch (IOException e) {
      throw new ConfigureException(places.place(file.get().place()) + ": cannot read " + p
          + ", the secret file that " + var.name() + " of " + service + " names ("
          + (e instanceof java.nio.file.AccessDeniedException ? "permission denied"
              : e instanceof java.nio.file.NoSuchFileException ? "no such file"
                  : e.getMessage())
          + ").\nRun as a user who can read it, or export AWS_ACCESS_KEY_ID and"
          + " AWS_SECRET_ACCESS_KEY, or pass --profile NAME.");
    }
  }
}
