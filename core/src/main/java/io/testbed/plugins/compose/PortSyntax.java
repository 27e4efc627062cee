package io.testbed.plugins.compose;

import io.testbed.plugins.compose.ComposeException.Kind;
import io.testbed.plugins.compose.ServiceNetwork.PortMapping;
import io.testbed.plugins.yaml.YNode;
import java.util.Locale;

/**
 * The syntax of a published port, as docker compose reads it: {@code "9000"}, {@code
 * "39000:9000"}, {@code "127.0.0.1:39000:9000/tcp"}, {@code "[::1]:39000-39001:9000-9001"}, and
 * the long syntax with {@code target}, {@code published}, {@code host_ip} and {@code protocol}.
 * Values are interpolated; anything else is an error at its place.
 */
final class PortSyntax {
  private final ComposeProject project;

  PortSyntax(ComposeProject project) {
    this.project = project;
  }

  /** One entry of a service's {@code ports:} list, short syntax or long. */
  PortMapping parse(ComposeFile f, YNode item) {
    YNode d = item.deref();
    Place place = Place.of(f.src, item.start);
    if (d.kind == YNode.Kind.MAPPING) {
      YNode target = d.get("target");
      if (target == null || !target.isScalar()) {
        throw ComposeException.at(f.src, Kind.INVALID, item.start,
            "a long-syntax port needs 'target'",
            "Write e.g. 'target: 9000' and 'published: \"39000\"'.");
      }
      int[] t = range(f, target, interpolated(f, target.deref()));
      YNode published = d.get("published");
      int[] p = published == null || published.isNull() ? new int[] {0, 0}
          : range(f, published, interpolated(f, published.deref()));
      return new PortMapping(text(f, d.get("host_ip")), p[0], p[1], t[0], t[1],
          protocol(text(f, d.get("protocol"))), place);
    }
    if (!d.isScalar() || d.isNull()) {
      throw notAPort(f, item);
    }
    String spec = interpolated(f, d);
    String protocol = "tcp";
    int slash = spec.lastIndexOf('/');
    if (slash >= 0) {
      protocol = protocol(spec.substring(slash + 1));
      spec = spec.substring(0, slash);
    }
    int colon = spec.lastIndexOf(':');
    String container = spec.substring(colon + 1);
    String rest = colon < 0 ? null : spec.substring(0, colon);
    String hostIp = "";
    String published = rest;
    if (rest != null && rest.lastIndexOf(':') >= 0) {
      int c = rest.lastIndexOf(':');
      hostIp = rest.substring(0, c);
      published = rest.substring(c + 1);
      if (hostIp.startsWith("[") && hostIp.endsWith("]")) {
        hostIp = hostIp.substring(1, hostIp.length() - 1);
      }
    }
    int[] t = range(f, item, container);
    int[] p = published == null || published.isEmpty() ? new int[] {0, 0}
        : range(f, item, published);
    return new PortMapping(hostIp, p[0], p[1], t[0], t[1], protocol, place);
  }

  private String text(ComposeFile f, YNode node) {
    return node == null || !node.isScalar() || node.isNull() ? "" : interpolated(f, node.deref());
  }

  private static String protocol(String p) {
    return p.isEmpty() ? "tcp" : p.toLowerCase(Locale.ROOT);
  }

  private static int[] range(ComposeFile f, YNode at, String text) {
    String[] parts = text.trim().split("-", -1);
    if (parts.length > 2) {
      throw notAPort(f, at);
    }
    try {
      int from = Integer.parseInt(parts[0].trim());
      int to = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : from;
      if (from < 1 || to < from || to > 65535) {
        throw notAPort(f, at);
      }
      return new int[] {from, to};
    } catch (NumberFormatException e) {
      throw notAPort(f, at);
    }
  }

  private static ComposeException notAPort(ComposeFile f, YNode at) {
    return ComposeException.at(f.src, Kind.INVALID, at.start, "not a port mapping",
        "Write e.g. \"9000:9000\", \"127.0.0.1:39000:9000\", \"39000:9000/tcp\", or the long"
            + " syntax with target, published and host_ip.");
  }

  private String interpolated(ComposeFile f, YNode scalar) {
    return project.interpolate(f, scalar, scalar.value);
  }
}
