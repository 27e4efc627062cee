package io.testbed.plugins.compose;

import io.testbed.plugins.InContainer;
import io.testbed.plugins.compose.ComposeException.Kind;
import io.testbed.plugins.yaml.YNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How a project's services are reached, as docker compose sets it up: the project name, each
 * service's names on the network ({@code hostname}, {@code container_name}, network aliases), its
 * published ports (every short and long form), the networks it joins, and its secret files. Values
 * are interpolated like the rest of the file; across compose files, later files win (ports add up).
 * How one port entry is written is {@link PortSyntax}'s.
 *
 * <pre>{@code
 * ServiceNetwork net = ServiceNetwork.of(project);
 * for (Service s : net.servicesNamed("minio")) {
 *   s.publishedPort(9000);   // e.g. 127.0.0.1:39000
 * }
 * }</pre>
 */
public final class ServiceNetwork {

  /**
   * One {@code ports:} entry.
   *
   * @param hostIp the address it is published on; empty for every address
   * @param publishedFrom first published port; 0 when compose picks one
   * @param publishedTo last published port (same as {@code publishedFrom} for one port)
   * @param targetFrom first container port
   * @param targetTo last container port
   * @param protocol tcp or udp
   * @param place where the entry is written
   */
  public record PortMapping(
      String hostIp, int publishedFrom, int publishedTo, int targetFrom, int targetTo,
      String protocol, Place place) {

    /** The host port that reaches {@code target}/tcp; empty when this entry does not fix one. */
    public OptionalInt publishedFor(int target) {
      if (!protocol.equals("tcp") || target < targetFrom || target > targetTo
          || publishedFrom == 0) {
        return OptionalInt.empty();
      }
      int published = publishedTo - publishedFrom;
      int targets = targetTo - targetFrom;
      if (published == targets) {
        return OptionalInt.of(publishedFrom + target - targetFrom);
      }
      return OptionalInt.empty(); // a range of host ports for one container port: any of them
    }
  }

  /**
   * A network a service joins.
   *
   * @param key the network's key in the compose file ({@code default} when none is named)
   * @param name the network's name on the engine: its {@code name:}, else {@code project_key}
   * @param aliases the service's aliases on it
   */
  public record Attachment(String key, String name, List<String> aliases) {
    public Attachment {
      aliases = List.copyOf(aliases);
    }
  }

  /**
   * A service as the network sees it.
   *
   * @param name the service key
   * @param hostname its {@code hostname}, if set
   * @param containerName its {@code container_name}, if set
   * @param networks the networks it joins
   * @param place where the service is defined (its key in the first file that has it)
   */
  public record Service(
      String name, Optional<String> hostname, Optional<String> containerName,
      List<Attachment> networks, Place place) {
    public Service {
      networks = List.copyOf(networks);
    }

    /** Whether {@code host} reaches this service inside the project's networks. */
    public boolean answersTo(String host) {
      return name.equals(host)
          || hostname.filter(host::equals).isPresent()
          || containerName.filter(host::equals).isPresent()
          || networks.stream().anyMatch(a -> a.aliases().contains(host));
    }
  }

  /** A secret's file on the host. */
  public record SecretFile(String source, Path file, Place place) {}

  private final ComposeProject project;
  private final PortSyntax portSyntax;
  private final Map<String, Service> services = new LinkedHashMap<>();

  private ServiceNetwork(ComposeProject project) {
    this.project = project;
    this.portSyntax = new PortSyntax(project);
  }

  /** The network view of a project. */
  public static ServiceNetwork of(ComposeProject project) {
    return new ServiceNetwork(project);
  }

  /**
   * The project name as docker compose derives it: {@code COMPOSE_PROJECT_NAME} (environment,
   * then {@code .env}), else the top-level {@code name:}, else the project directory's name (in
   * the tool's image, that of the host directory mounted there: {@link InContainer#hostName});
   * lower-cased, keeping letters, digits, {@code _} and {@code -}.
   */
  public String projectName() {
    String name = String.valueOf(project.directory().getFileName());
    if (project.variable(InContainer.VARIABLE).filter("1"::equals).isPresent()) {
      name = InContainer.hostName(project.directory()).orElse(name);
    }
    for (ComposeFile f : project.files()) {
      YNode n = f.root.get("name");
      if (n != null && n.isScalar() && !n.isNull()) {
        name = interpolated(f, n.deref());
      }
    }
    name = project.variable("COMPOSE_PROJECT_NAME").filter(s -> !s.isBlank()).orElse(name);
    String normalized = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "");
    return normalized.replaceFirst("^[_-]+", "");
  }

  /** The services that {@code host} reaches, in file order (usually one). */
  public List<Service> servicesNamed(String host) {
    return project.serviceNames().stream().map(this::service).filter(s -> s.answersTo(host))
        .toList();
  }

  /** A service by key. */
  public Service service(String name) {
    Service cached = services.get(name);
    if (cached != null) {
      return cached;
    }
    String hostname = null;
    String containerName = null;
    Map<String, Attachment> networks = new LinkedHashMap<>();
    Place place = null;
    // its definitions in merge order: extends bases first, then each file's own (included too)
    for (Extends.Definition d : project.definitions(name)) {
      ComposeFile f = d.file();
      Map<String, EnvModel.Entry> keys = keys(f, d.name());
      if (place == null && d.name().equals(name)) {
        place = Place.of(f.src, f.model().services.get(name).keyNode.start);
      }
      if (keys == null) {
        continue;
      }
      hostname = scalar(f, keys, "hostname").orElse(hostname);
      containerName = scalar(f, keys, "container_name").orElse(containerName);
      EnvModel.Entry nets = keys.get("networks");
      if (nets != null) {
        networks.clear();
        attachments(f, nets.value().deref()).forEach(a -> networks.put(a.key(), a));
      }
    }
    if (place == null) {
      throw project.base().unknownService(List.of(name));
    }
    if (networks.isEmpty()) {
      networks.put("default", attachment("default", List.of()));
    }
    Service s = new Service(name, Optional.ofNullable(hostname), Optional.ofNullable(containerName),
        new ArrayList<>(networks.values()), place);
    services.put(name, s);
    return s;
  }

  /**
   * The service's {@code ports:} entries in every compose file, in order.
   *
   * @throws ComposeException at the entry for one that is not a port mapping
   */
  public List<PortMapping> ports(String service) {
    List<PortMapping> out = new ArrayList<>();
    for (ComposeFile f : project.files()) {
      Map<String, EnvModel.Entry> keys = keys(f, service);
      EnvModel.Entry ports = keys == null ? null : keys.get("ports");
      if (ports == null || ports.value().isNull()) {
        continue;
      }
      YNode list = ports.value().deref();
      if (list.kind != YNode.Kind.SEQUENCE) {
        throw ComposeException.at(f.src, Kind.INVALID, ports.value().start, "ports must be a list",
            "Write e.g. 'ports:' with '- \"127.0.0.1:9000:9000\"' on the next line.");
      }
      for (YNode item : list.children) {
        out.add(portSyntax.parse(f, item));
      }
    }
    return out;
  }

  /** Where the service's {@code ports:} key is written (in the last file that has one), if any. */
  public Optional<Place> portsPlace(String service) {
    Place place = null;
    for (ComposeFile f : project.files()) {
      Map<String, EnvModel.Entry> keys = keys(f, service);
      if (keys != null && keys.get("ports") != null) {
        place = Place.of(f.src, keys.get("ports").keyNode().start);
      }
    }
    return Optional.ofNullable(place);
  }

  /**
   * The host file behind a secret the service sees at {@code containerPath} ({@code
   * /run/secrets/NAME}, or {@code NAME} alone); empty when the service has no such secret or the
   * secret is not a file.
   */
  public Optional<SecretFile> secretFile(String service, String containerPath) {
    String target = containerPath.startsWith("/run/secrets/")
        ? containerPath.substring("/run/secrets/".length()) : containerPath;
    String source = null;
    for (ComposeFile f : project.files()) {
      Map<String, EnvModel.Entry> keys = keys(f, service);
      EnvModel.Entry secrets = keys == null ? null : keys.get("secrets");
      if (secrets == null || secrets.value().deref().kind != YNode.Kind.SEQUENCE) {
        continue;
      }
      for (YNode item : secrets.value().deref().children) {
        YNode d = item.deref();
        if (d.isScalar() && !d.isNull() && interpolated(f, d).equals(target)) {
          source = target;
        } else if (d.isMapping() && d.get("source") != null) {
          String src = interpolated(f, d.get("source").deref());
          String tgt = d.get("target") == null ? src : interpolated(f, d.get("target").deref());
          if (tgt.equals(target) || tgt.equals(containerPath)) {
            source = src;
          }
        }
      }
    }
    if (source == null) {
      return Optional.empty();
    }
    SecretFile found = null;
    for (ComposeFile f : project.files()) {
      YNode top = f.root.get("secrets");
      YNode def = top == null || !top.isMapping() ? null : top.deref().get(source);
      YNode file = def == null || !def.isMapping() ? null : def.deref().get("file");
      if (file != null && file.isScalar() && !file.isNull()) {
        Path base = f.path().map(Path::toAbsolutePath).map(Path::getParent)
            .orElse(project.directory());
        found = new SecretFile(source, base.resolve(interpolated(f, file.deref())).normalize(),
            Place.of(f.src, file.start));
      }
    }
    return Optional.ofNullable(found);
  }

  private static Map<String, EnvModel.Entry> keys(ComposeFile f, String service) {
    EnvModel.ServiceEnv se = f.model().services.get(service);
    return se == null || se.node.kind != YNode.Kind.MAPPING ? null : f.model().effective(se.node);
  }

  private Optional<String> scalar(ComposeFile f, Map<String, EnvModel.Entry> keys, String key) {
    EnvModel.Entry e = keys.get(key);
    if (e == null || !e.value().isScalar() || e.value().isNull()) {
      return Optional.empty();
    }
    return Optional.of(interpolated(f, e.value().deref()));
  }

  private String interpolated(ComposeFile f, YNode scalar) {
    return project.interpolate(f, scalar, scalar.value);
  }

  private List<Attachment> attachments(ComposeFile f, YNode nets) {
    List<Attachment> out = new ArrayList<>();
    if (nets.kind == YNode.Kind.SEQUENCE) {
      for (YNode item : nets.children) {
        if (item.isScalar() && !item.isNull()) {
          out.add(attachment(interpolated(f, item.deref()), List.of()));
        }
      }
    } else if (nets.kind == YNode.Kind.MAPPING) {
      for (EnvModel.Entry e : f.model().effective(nets).values()) {
        YNode v = e.value().deref();
        YNode aliases = v.kind == YNode.Kind.MAPPING ? v.get("aliases") : null;
        List<String> names = new ArrayList<>();
        if (aliases != null && aliases.deref().kind == YNode.Kind.SEQUENCE) {
          for (YNode a : aliases.deref().children) {
            if (a.isScalar() && !a.isNull()) {
              names.add(interpolated(f, a.deref()));
            }
          }
        }
        out.add(attachment(e.key(), names));
      }
    }
    return out;
  }

  private Attachment attachment(String key, List<String> aliases) {
    String name = null;
    boolean external = false;
    for (ComposeFile f : project.files()) {
      YNode top = f.root.get("networks");
      YNode def = top == null || !top.isMapping() ? null : top.deref().get(key);
      if (def == null || !def.isMapping()) {
        continue;
      }
      YNode n = def.deref().get("name");
      if (n != null && n.isScalar() && !n.isNull()) {
        name = interpolated(f, n.deref());
      }
      YNode ext = def.deref().get("external");
      external |= ext != null && ext.isScalar() && "true".equals(ext.deref().value);
    }
    if (name == null) {
      name = external ? key : projectName() + "_" + key;
    }
    return new Attachment(key, name, aliases);
  }
}
