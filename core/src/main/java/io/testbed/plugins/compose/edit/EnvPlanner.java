package io.testbed.plugins.compose.edit;

import io.testbed.plugins.compose.ComposeFile;
import io.testbed.plugins.compose.EnvModel;
import io.testbed.plugins.yaml.TextEdit;
import io.testbed.plugins.yaml.YNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decides, per service, how to set one variable in one version of the text: in place, in a new
 * local environment, through a merge, or not at all (a {@link Refusal}) when the edit would change
 * a service that is not selected or more than environments. How each form is edited is left to
 * {@link MapForm}, {@link ListForm}, {@link FlowForm} and {@link Merges}.
 */
final class EnvPlanner {
  private final ComposeFile file;
  private final EnvModel model;
  /** The services being edited. */
  private final Set<String> ok;
  private final Layout at;
  private final MapForm map;
  private final ListForm list;
  private final Merges merges;

  EnvPlanner(ComposeFile file, String name, String value, Set<String> ok) {
    this.file = file;
    this.model = file.tree().model();
    this.ok = ok;
    this.at = new Layout(file, name, value);
    FlowForm flow = new FlowForm(at);
    this.map = new MapForm(at, flow);
    this.list = new ListForm(at, flow);
    this.merges = new Merges(at, map);
  }

  /** Null when nothing needs to change; else a {@link Refusal} or an {@link EnvEdit.Action}. */
  Object decide(String service) {
    EnvModel.ServiceEnv se = model.services().get(service);
    if (se.vars().containsKey(at.name) && at.value.equals(se.vars().get(at.name))) {
      return null;
    }
    YNode s = se.node();
    if ("!reset".equals(s.tag)) {
      return new Refusal(service, "the service is tagged !reset",
          "Remove the !reset tag or leave this service out (--exclude-service " + service + ")");
    }
    if (s.kind == YNode.Kind.SCALAR) {
      if (s.isNull() && se.ref().kind != YNode.Kind.ALIAS && s.anchor == null) {
        return shared(service, s, false, map.fillNull(se.keyNode(), s, true, file.tree().services().flow),
            "its definition");
      }
      return new Refusal(service, "the service definition is not a mapping",
          "Make it a mapping (e.g. 'image: ...'), or leave it out");
    }
    if (s.kind != YNode.Kind.MAPPING) {
      return new Refusal(service, "the service definition is not a mapping",
          "Make it a mapping, or leave it out");
    }
    EnvModel.Entry entry = se.envEntry();
    if (entry == null) {
      return shared(service, s, true, map.addEnvironment(s, null), "its definition");
    }
    YNode ref = entry.value();
    YNode env = ref.deref();
    Object inPlace = editInPlace(service, entry, env);
    boolean local = entry.owner() == s;
    boolean aliased = ref.kind == YNode.Kind.ALIAS;
    if (inPlace instanceof Refusal r && !r.reason().startsWith("shared:")) {
      return new Refusal(service, r.reason(), r.remedy());
    }
    String envConflict = conflict(env, true);
    if (inPlace instanceof List<?> edits && usersOk(env) && envConflict == null) {
      @SuppressWarnings("unchecked")
      List<TextEdit> te = (List<TextEdit>) edits;
      return new EnvEdit.Action(env, false, te);
    }
    List<String> others = othersOf(env);
    String sharedWith = "unselected service" + (others.size() == 1 ? " " : "s ")
        + String.join(", ", others);
    if (local && aliased && env.kind == YNode.Kind.MAPPING) {
      return shared(service, ref, false, merges.aliasWithVariable(ref), "its environment");
    }
    String copy = env.kind == YNode.Kind.SEQUENCE ? list.copiedList(env) : null;
    if (copy != null && local && aliased) {
      // A list cannot be merged: replace the alias by a copy of the list plus the variable.
      return shared(service, ref, false, List.of(new TextEdit(ref.start, ref.end, copy)),
          "its environment");
    }
    if (copy != null && !local) {
      return shared(service, s, true, map.addEnvironment(s, null, copy), "its definition");
    }
    if (!local && env.kind == YNode.Kind.MAPPING && env.anchor != null
        && !s.flow && !merges.redefined(env.anchor, env.end, at.realEnd(s))) {
      return shared(service, s, true, map.addEnvironment(s, "*" + env.anchor),
          "its definition");
    }
    if (!local && env.kind == YNode.Kind.MAPPING && env.anchor == null && env.tag == null
        && !s.flow) {
      // Anchor the inherited environment (which changes nothing by itself) and merge it into a
      // local environment, so no inherited variable is lost and the base stays as it was.
      Object withAnchor = merges.anchorAndMerge(entry, env, s);
      if (withAnchor instanceof List<?>) {
        return shared(service, s, true, withAnchor, "its definition");
      }
    }
    if (envConflict != null && (!local || !aliased)) {
      return new Refusal(service, "its environment " + envConflict,
          "Give " + service + " an environment of its own, or edit it by hand");
    }
    if (!local) {
      return new Refusal(service,
          "its environment is inherited through a merge key ('<<') from a definition shared"
              + " with " + sharedWith + "; a local environment would drop the inherited"
              + " variables, and editing the shared one would change the others",
          "Select those services too, "
              + (env.kind == YNode.Kind.MAPPING ? "anchor the shared environment"
                  : "write the shared environment as a map (KEY: value)")
              + " so it can be merged, or give " + service + " its own environment");
    }
    return new Refusal(service,
        "its environment " + (aliased ? "is an alias (" + at.text.substring(ref.start, ref.end)
            + ") " : "is anchored and ") + "shared with " + sharedWith
            + "; editing it would change them too",
        "Select those services too, or give " + service + " its own environment");
  }

  /** An action on {@code target} if every service depending on it is being edited. */
  private Object shared(String service, YNode target, boolean ignoreEnvKey,
      Object edits, String what) {
    if (edits instanceof Refusal r) {
      return new Refusal(service, r.reason(), r.remedy());
    }
    YNode owner = model.services().get(service).node();
    String conflict = conflict(owner, false);
    if (conflict != null) {
      return new Refusal(service, "its definition " + conflict,
          "Give " + service + " a definition of its own, or edit it by hand");
    }
    if (!usersOk(target)) {
      return new Refusal(service,
          what + " is shared (anchor/alias) with unselected service"
              + (othersOf(target).size() == 1 ? " " : "s ")
              + String.join(", ", othersOf(target)) + "; editing it would change them too",
          "Select those services too, or give " + service + " a definition of its own");
    }
    @SuppressWarnings("unchecked")
    List<TextEdit> te = (List<TextEdit>) edits;
    return new EnvEdit.Action(target, ignoreEnvKey, te);
  }

  /** Why editing {@code node} would change more than environments, or null. */
  private String conflict(YNode node, boolean asEnvironment) {
    if (model.foreign().contains(node)) {
      return "is also used outside the services' environments (through an alias)";
    }
    if (asEnvironment ? model.serviceContainers().contains(node)
        : model.envContainers().contains(node)) {
      return "is also used as " + (asEnvironment ? "a service definition" : "an environment");
    }
    return null;
  }

  private boolean usersOk(YNode node) {
    return othersOf(node).isEmpty();
  }

  private List<String> othersOf(YNode node) {
    List<String> out = new ArrayList<>();
    for (String u : model.usersOf(node)) {
      if (!ok.contains(u)) {
        out.add(u);
      }
    }
    return out;
  }

  private Refusal refuse(String service, String reason, String remedy) {
    return new Refusal(service, reason, remedy);
  }

  /** The edits that set the variable inside environment node {@code env}, or a Refusal. */
  private Object editInPlace(String service, EnvModel.Entry entry, YNode env) {
    if ("!reset".equals(env.tag)) {
      return new Refusal(service, "its environment is tagged !reset (Compose discards it)",
          "Remove the !reset tag, or leave this service out");
    }
    if (env.hasCustomTag() && !"!override".equals(env.tag)) {
      return new Refusal(service, "its environment has the unsupported tag " + env.tag,
          "Remove the tag, or edit this service by hand");
    }
    return switch (env.kind) {
      case MAPPING -> map.editMapping(service, env);
      case SEQUENCE -> list.editSequence(service, env);
      case SCALAR -> {
        if (!env.isNull()) {
          yield new Refusal(service, "its environment is a single value, not a map or a list",
              "Write it as a map (KEY: value) or a list (- KEY=value)");
        }
        if (entry.value().kind == YNode.Kind.ALIAS || env.anchor != null) {
          yield new Refusal(service, "shared: its empty environment is anchored",
              "Give the service its own environment");
        }
        yield map.fillNull(entry.keyNode(), env, false, entry.owner().flow);
      }
      default -> new Refusal(service, "its environment is not a map or a list",
          "Write it as a map (KEY: value) or a list (- KEY=value)");
    };
  }
}
