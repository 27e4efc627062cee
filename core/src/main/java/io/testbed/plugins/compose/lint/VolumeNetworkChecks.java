package io.testbed.plugins.compose.lint;

import static io.testbed.plugins.compose.lint.Lint.UNDECLARED_NETWORK;
import static io.testbed.plugins.compose.lint.Lint.UNDECLARED_VOLUME;

import io.testbed.plugins.compose.ComposeException;
import io.testbed.plugins.compose.ComposeFile;
import io.testbed.plugins.compose.ComposeProject;
import io.testbed.plugins.compose.EnvModel;
import io.testbed.plugins.compose.Interpolation;
import io.testbed.plugins.compose.Place;
import io.testbed.plugins.compose.lint.Finding.Severity;
import io.testbed.plugins.yaml.YNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Lint's checks of declarations: a named volume or network a service uses that no compose file of
 * the project declares at the top level.
 */
final class VolumeNetworkChecks {
  private static final Pattern VOLUME_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

  private final ComposeProject project;
  private final LintFindings findings;

  VolumeNetworkChecks(ComposeProject project, LintFindings findings) {
    this.project = project;
    this.findings = findings;
  }

  void volumesAndNetworks(ComposeFile f) {
    Set<String> volumes = declared("volumes");
    Set<String> networks = declared("networks");
    networks.add("default");
    Map<String, List<String>> volumeUsers = new LinkedHashMap<>();
    Map<String, YNode> volumeAt = new LinkedHashMap<>();
    Map<String, List<String>> networkUsers = new LinkedHashMap<>();
    Map<String, YNode> networkAt = new LinkedHashMap<>();
    for (EnvModel.ServiceEnv se : f.tree().model().services().values()) {
      if (se.node().kind != YNode.Kind.MAPPING) {
        continue;
      }
      Map<String, EnvModel.Entry> keys = f.tree().model().effective(se.node());
      EnvModel.Entry vols = keys.get("volumes");
      if (vols != null && vols.value().deref().kind == YNode.Kind.SEQUENCE) {
        for (YNode item : vols.value().deref().children) {
          volumeName(f, item.deref()).filter(n -> !volumes.contains(n)).ifPresent(n -> {
            String k = n + "|" + item.deref().start;
            volumeUsers.computeIfAbsent(k, x -> new ArrayList<>()).add(se.name());
            volumeAt.put(k, item.deref());
          });
        }
      }
      EnvModel.Entry nets = keys.get("networks");
      if (nets != null && keys.get("network_mode") == null) {
        YNode n = nets.value().deref();
        List<YNode> names = new ArrayList<>();
        if (n.kind == YNode.Kind.SEQUENCE) {
          n.children.forEach(c -> names.add(c.deref()));
        } else if (n.kind == YNode.Kind.MAPPING) {
          for (int i = 0; i < n.size(); i++) {
            names.add(n.key(i).deref());
          }
        }
        for (YNode name : names) {
          if (name.kind == YNode.Kind.SCALAR && !networks.contains(interpolated(name.value))) {
            String k = interpolated(name.value) + "|" + name.start;
            networkUsers.computeIfAbsent(k, x -> new ArrayList<>()).add(se.name());
            networkAt.put(k, name);
          }
        }
      }
    }
    volumeUsers.forEach((k, users) -> findings.add(Severity.ERROR, UNDECLARED_VOLUME,
        Place.of(f.tree().source(), volumeAt.get(k).start),
        "named volume '" + k.substring(0, k.indexOf('|')) + "' is used by " + String.join(", ",
            users) + " but not declared under the top-level 'volumes:'; docker compose refuses"
            + " the file",
        "Declare it at the top level (e.g. 'volumes:' then '  " + k.substring(0, k.indexOf('|'))
            + ": {}' or its driver options), or mount a host path ('./dir:/path') instead.",
        users.size() == 1 ? users.get(0) : null, null));
    networkUsers.forEach((k, users) -> findings.add(Severity.ERROR, UNDECLARED_NETWORK,
        Place.of(f.tree().source(), networkAt.get(k).start),
        "network '" + k.substring(0, k.indexOf('|')) + "' is used by " + String.join(", ", users)
            + " but not declared under the top-level 'networks:'; docker compose refuses the file",
        "Declare it at the top level ('networks:' then '  " + k.substring(0, k.indexOf('|'))
            + ": {}'), or remove it from the service.",
        users.size() == 1 ? users.get(0) : null, null));
  }

  /** The names declared under a top-level key in any file of the project. */
  private Set<String> declared(String key) {
    Set<String> names = new HashSet<>();
    for (ComposeFile f : project.files()) {
      YNode n = f.tree().root().get(key);
      if (n != null && n.deref().kind == YNode.Kind.MAPPING) {
        for (int i = 0; i < n.deref().size(); i++) {
          YNode k = n.deref().key(i).deref();
          if (k.kind == YNode.Kind.SCALAR) {
            names.add(interpolated(k.value));
          }
        }
      }
    }
    return names;
  }

  /** The named volume a service's volume entry mounts, if it is one (not a path, not anonymous). */
  private Optional<String> volumeName(ComposeFile f, YNode item) {
    String source = null;
    if (item.kind == YNode.Kind.SCALAR && !item.isNull()) {
      String spec = interpolated(item.value);
      int colon = spec.indexOf(':');
      source = colon < 0 ? null : spec.substring(0, colon);
    } else if (item.kind == YNode.Kind.MAPPING) {
      YNode type = item.get("type");
      YNode src = item.get("source");
      if (type != null && src != null && type.deref().kind == YNode.Kind.SCALAR
          && "volume".equals(type.deref().value) && src.deref().kind == YNode.Kind.SCALAR) {
        source = interpolated(src.deref().value);
      }
    }
    return Optional.ofNullable(source).filter(s -> VOLUME_NAME.matcher(s).matches());
  }

  private String interpolated(String text) {
    try {
      return Interpolation.interpolate(text, project::variable);
    } catch (Interpolation.Failure | ComposeException e) {
      return text;
    }
  }
}
