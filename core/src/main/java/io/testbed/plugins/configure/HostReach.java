package io.testbed.plugins.configure;

import static io.testbed.plugins.configure.DeploymentS3.ENDPOINT_VARIABLE;

import io.testbed.plugins.InContainer;
import io.testbed.plugins.compose.ComposeProject;
import io.testbed.plugins.compose.Place;
import io.testbed.plugins.compose.ServiceNetwork;
import io.testbed.plugins.compose.ServiceNetwork.PortMapping;
import io.testbed.plugins.compose.ServiceNetwork.Service;
import io.testbed.plugins.docker.ComposeCli;
import io.testbed.plugins.docker.DockerContainers;
import io.testbed.plugins.docker.WorkerRollout;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reaching the endpoint from this machine: when its host is a compose service, through the port
 * that service publishes on an address of this machine, else (with a {@code docker} CLI) at its
 * running container's address; otherwise an error that says which line to add. In the tool's
 * image ({@link InContainer}), by the service's name on the compose network.
 */
final class HostReach {
  private final ComposeProject project;
  private final ServiceNetwork net;
  private final Optional<DockerContainers> docker;
  private final ProjectPlaces places;
  private final Map<String, String> env;

  /** @param env the process environment, to name the compose CLI installed here */
  HostReach(ComposeProject project, Optional<DockerContainers> docker, ProjectPlaces places,
      Map<String, String> env) {
    this.project = project;
    this.net = ServiceNetwork.of(project);
    this.docker = docker;
    this.places = places;
    this.env = env;
  }

  /** Where the host reaches the endpoint, and through which service. */
  record Reach(URI uri, String via, Optional<Service> target) {}

  Reach reach(EndpointLookup.Found found) {
    URI uri;
    try {
      uri = URI.create(found.value());
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null || uri.getHost() == null || uri.getScheme() == null
        || !(uri.getScheme().equalsIgnoreCase("http")
            || uri.getScheme().equalsIgnoreCase("https"))) {
      throw new ConfigureException(places.place(found.var().place()) + ": " + ENDPOINT_VARIABLE
          + " of " + found.service() + " is '" + found.value() + "', not an http:// or"
          + " https:// URL with a host.\nFix it, or give the endpoint with --endpoint-url URL.");
    }
    List<Service> targets = net.servicesNamed(uri.getHost());
    if (targets.isEmpty()) {
      return new Reach(uri, "", Optional.empty());
    }
    Service target = targets.get(0);
    if (InContainer.is(env)) {
      return inNetwork(found, uri, target);
    }
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
      throw new ConfigureException(places.place(elsewhere.place()) + ": " + target.name()
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

  /**
   * In the tool's image on the compose network, the endpoint is used as the workers have it: its
   * host name resolves there (no published port, no {@code docker inspect}). When it does not,
   * the container was started outside that network, and the error names the {@code --network}.
   */
  private Reach inNetwork(EndpointLookup.Found found, URI uri, Service target) {
    try {
      InetAddress.getByName(uri.getHost());
      return new Reach(uri, ", as the workers reach it: this container is in the compose network",
          Optional.of(target));
    } catch (IOException e) {
      List<String> networks = networks(target, found.service(), uri.getHost());
      throw new ConfigureException(places.place(found.var().place()) + ": the endpoint " + uri
          + " (" + ENDPOINT_VARIABLE + " of " + found.service() + ") names the compose service "
          + target.name() + ", which does not resolve in this container: it runs outside the"
          + " deployment's network.\nStart it on that network: add --network " + networks.get(0)
          + " to 'docker run'" + (networks.size() > 1 ? " (" + target.name() + " is also on "
              + String.join(", ", networks.subList(1, networks.size())) + ")" : "")
          + ", or give the endpoint with --endpoint-url URL.");
    }
  }

  /**
   * Why the endpoint does not answer, when docker says its service's container is stopped or
   * paused: the container named, with the command that starts or unpauses it. Empty when there is
   * no docker CLI, no engine answering, no such container, or it serves.
   */
  Optional<ConfigureException> containerDown(EndpointLookup.Found found, Service target) {
    if (docker.isEmpty() || !docker.get().answers()) {
      return Optional.empty(); // asked after a failure: no engine, no waiting on each call
    }
    return stopped(found, URI.create(found.value()), target);
  }

  private Optional<ConfigureException> stopped(EndpointLookup.Found found, URI uri,
      Service target) {
    return docker.flatMap(d -> d.stopped(target.containerName(), net.projectName(), target.name()))
        .map(c -> {
          WorkerRollout rollout = WorkerRollout.of(ComposeCli.locate(env), project,
              c.project().isEmpty() ? null : c.project(), List.of());
          return new ConfigureException(places.place(found.var().place()) + ": the endpoint "
              + uri + " (" + ENDPOINT_VARIABLE + " of " + found.service() + ") is "
              + target.name() + ", whose container " + c.describe() + "."
              + (c.paused() ? "\nUnpause it with: " + rollout.unpauseCommand(target.name())
                  : "\nStart it with: " + rollout.startCommand(target.name())));
        });
  }

  ConfigureException unreachable(EndpointLookup.Found found, URI uri, Service target, int port) {
    Optional<ConfigureException> stopped = stopped(found, uri, target);
    if (stopped.isPresent()) {
      return stopped.get();
    }
    Optional<Place> ports = net.portsPlace(target.name());
    String mapping = "\"127.0.0.1:" + port + ":" + port + "\"";
    String add = ports.isPresent()
        ? "add this line under its ports: (" + places.line(ports.get()) + "):\n      - " + mapping
        : "add these two lines to the " + target.name() + " service ("
            + places.line(target.place()) + "):\n    ports:\n      - " + mapping;
    return new ConfigureException(places.place(found.var().place()) + ": the endpoint " + uri + " ("
        + ENDPOINT_VARIABLE + " of " + found.service() + ") is reachable only inside the"
        + " compose network: " + target.name() + " publishes no port " + port
        + docker.map(DockerContainers::notFound)
            .orElse(", and there is no docker CLI on the PATH to find its container")
        + ".\nEither publish the port: " + add + "\n  then run '"
        + ComposeCli.locate(env).display() + " up -d " + target.name() + "';\nor give the endpoint with --endpoint-url http://HOST:PORT.");
  }

  /** Network names to look up the container on: the endpoint's first, then shared ones. */
  List<String> networks(Service target, String client, String host) {
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
  static Optional<String> localAddress(String hostIp) {
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

  static URI withHost(URI uri, String host, int port) {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return URI.create(uri.getScheme() + "://" + h + ":" + port
        + (uri.getRawPath() == null ? "" : uri.getRawPath())
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
  }
}
