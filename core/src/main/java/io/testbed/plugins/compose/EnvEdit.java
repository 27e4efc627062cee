package io.testbed.plugins.compose;

import io.testbed.plugins.compose.ComposeException.Kind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Plans setting environment variables in chosen services as text splices over the original file.
 *
 * <p>Rules: only the characters that must change are changed; the effective environment of a
 * service that was not chosen never changes; no inherited variable is ever dropped. A chosen
 * service for which no safe edit exists is refused (with the reason and what to do) and left
 * unchanged. The plan is verified before it is returned: the new text is parsed again and must
 * equal the old document except for the intended variables, otherwise an internal error is thrown
 * and nothing can be written.
 *
 * <p>Values are literal: each {@code $} is written as {@code $$}, because Compose interpolates
 * {@code $}.
 */
public final class EnvEdit {
  /** Variable names accepted: what a shell could export, plus dots and dashes. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");

  private EnvEdit() {}

  /**
   * Plans setting {@code vars} (name to literal value, applied in order) in each of {@code
   * services}.
   *
   * @throws ComposeException for an unknown service or bad variable name (USAGE), or when the
   *     planned text does not verify (INTERNAL)
   */
  public static ComposePlan plan(
      ComposeFile file, Collection<String> services, Map<String, String> vars) {
    List<String> unknown = new ArrayList<>();
    for (String s : services) {
      if (!file.model().services.containsKey(s)) {
        unknown.add(s);
      }
    }
    if (!unknown.isEmpty()) {
      throw file.unknownService(unknown);
    }
    Map<String, String> yamlValues = new LinkedHashMap<>();
    for (Map.Entry<String, String> v : vars.entrySet()) {
      if (!NAME.matcher(v.getKey()).matches()) {
        throw ComposeException.of(Kind.USAGE, null,
            "invalid variable name '" + v.getKey() + "'",
            "A name starts with a letter or '_' and holds letters, digits, '_', '.' or '-'.");
      }
      yamlValues.put(v.getKey(), Scalars.escapeDollars(Objects.requireNonNull(v.getValue())));
    }

    // Phase 1: which services can be edited safely (a fixpoint: refusing one service may make an
    // edit of a node it shares unsafe for another).
    Set<String> ok = new LinkedHashSet<>(services);
    Map<String, Refusal> refused = new LinkedHashMap<>();
    boolean again = true;
    while (again) {
      again = false;
      for (Map.Entry<String, String> v : yamlValues.entrySet()) {
        Planner p = new Planner(file, v.getKey(), v.getValue(), ok);
        for (String s : List.copyOf(ok)) {
          Object d = p.decide(s);
          if (d instanceof Refusal r) {
            refused.put(s, r);
            ok.remove(s);
            again = true;
          }
        }
      }
    }

    // Phase 2: apply one variable at a time, re-parsing and verifying after each.
    ComposeFile current = file;
    List<List<TextEdit>> steps = new ArrayList<>();
    List<String> texts = new ArrayList<>(); // the text after each step
    for (Map.Entry<String, String> v : yamlValues.entrySet()) {
      Planner p = new Planner(current, v.getKey(), v.getValue(), ok);
      Map<YNode, Action> actions = new IdentityHashMap<>();
      List<TextEdit> edits = new ArrayList<>();
      Set<TextEdit> seen = new java.util.HashSet<>();
      for (String s : ok) {
        Object d = p.decide(s);
        if (d instanceof Refusal r) {
          throw internal(file, "service " + s + " became unsafe to edit: " + r.reason(), null);
        }
        if (d instanceof Action a && actions.putIfAbsent(a.target, a) == null) {
          for (TextEdit e : a.edits) {
            if (seen.add(e)) { // e.g. one anchor added for several services
              edits.add(e);
            }
          }
        }
      }
      if (edits.isEmpty()) {
        continue;
      }
      ComposeFile next = reparse(file, current, edits);
      Set<YNode> skip = Collections.newSetFromMap(new IdentityHashMap<>());
      Set<YNode> ignoreEnv = Collections.newSetFromMap(new IdentityHashMap<>());
      for (Action a : actions.values()) {
        (a.ignoreEnvKey ? ignoreEnv : skip).add(a.target);
      }
      Verifier.verify(current, next, skip, ignoreEnv, expected(current, ok, v.getKey(), v.getValue()));
      steps.add(edits);
      texts.add(next.text());
      current = next;
    }

    List<EnvChange> changes = new ArrayList<>();
    Map<String, Map<String, String>> expectedAll = new LinkedHashMap<>();
    for (String s : file.model().services.keySet()) {
      Map<String, String> env = new LinkedHashMap<>(file.model().services.get(s).vars);
      if (ok.contains(s)) {
        for (Map.Entry<String, String> v : yamlValues.entrySet()) {
          String old = env.get(v.getKey());
          if (!env.containsKey(v.getKey()) || !v.getValue().equals(old)) {
            changes.add(new EnvChange(s, v.getKey(), old, v.getValue()));
          }
          env.put(v.getKey(), v.getValue());
        }
      }
      expectedAll.put(s, env);
    }
    if (steps.size() > 1) {
      Verifier.verify(file, current, null, null, expectedAll);
    }
    List<TextEdit> edits = List.of();
    for (int i = 0; i < steps.size(); i++) {
      edits = i == 0 ? steps.get(0) : TextEdit.compose(edits, steps.get(i), texts.get(i));
    }
    List<Refusal> refusals = new ArrayList<>();
    for (String s : services) {
      if (refused.containsKey(s)) {
        refusals.add(refused.get(s));
      }
    }
    return new ComposePlan(file, current.text(), edits, changes, refusals);
  }

  private static Map<String, Map<String, String>> expected(
      ComposeFile f, Set<String> ok, String name, String value) {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (EnvModel.ServiceEnv se : f.model().services.values()) {
      Map<String, String> env = new LinkedHashMap<>(se.vars);
      if (ok.contains(se.name)) {
        env.put(name, value);
      }
      out.put(se.name, env);
    }
    return out;
  }

  private static ComposeFile reparse(ComposeFile original, ComposeFile current, List<TextEdit> edits) {
    String text;
    try {
      text = TextEdit.apply(current.text(), edits);
    } catch (IllegalArgumentException e) {
      throw internal(original, e.getMessage(), e);
    }
    try {
      return ComposeFile.parse(current.label(), text);
    } catch (ComposeException e) {
      throw internal(original, "the edited text does not parse: " + e.getMessage(), e);
    }
  }

  static ComposeException internal(ComposeFile f, String detail, Throwable cause) {
    return ComposeException.of(Kind.INTERNAL, f.label(),
        "internal error: the planned edit did not verify (" + detail + "); nothing was written",
        "This is a bug in testbed-plugins: please report it with the compose file attached.",
        cause);
  }

  /** A planned edit for one service: the node it changes and the splices. */
  static final class Action {
    final YNode target;
    final boolean ignoreEnvKey;
    final List<TextEdit> edits;

    Action(YNode target, boolean ignoreEnvKey, List<TextEdit> edits) {
      this.target = target;
      this.ignoreEnvKey = ignoreEnvKey;
      this.edits = edits;
    }
  }

  /** Decides, per service, how to set one variable in one version of the text. */
  static final class Planner {
    private final ComposeFile file;
    private final Source src;
    private final String text;
    private final EnvModel model;
    private final String name;
    private final String value;
    private final Set<String> ok;
    private final String step;
    private final Map<YNode, String> generatedAnchors = new IdentityHashMap<>();
    private final Set<String> generatedNames = new java.util.HashSet<>();

    Planner(ComposeFile file, String name, String value, Set<String> ok) {
      this.file = file;
      this.src = file.src;
      this.text = file.src.text;
      this.model = file.model();
      this.name = name;
      this.value = value;
      this.ok = ok;
      this.step = indentStep();
    }

    /** Null when nothing needs to change; else a {@link Refusal} or an {@link Action}. */
    Object decide(String service) {
      EnvModel.ServiceEnv se = model.services.get(service);
      if (se.vars.containsKey(name) && value.equals(se.vars.get(name))) {
        return null;
      }
      YNode s = se.node;
      if ("!reset".equals(s.tag)) {
        return refuse(service, "the service is tagged !reset",
            "Remove the !reset tag or leave this service out (--exclude-service " + service + ")");
      }
      if (s.kind == YNode.Kind.SCALAR) {
        if (s.isNull() && se.ref.kind != YNode.Kind.ALIAS && s.anchor == null) {
          return shared(service, s, false, fillNull(se.keyNode, s, true, file.services.flow),
              "its definition");
        }
        return refuse(service, "the service definition is not a mapping",
            "Make it a mapping (e.g. 'image: ...'), or leave it out");
      }
      if (s.kind != YNode.Kind.MAPPING) {
        return refuse(service, "the service definition is not a mapping",
            "Make it a mapping, or leave it out");
      }
      EnvModel.Entry entry = se.envEntry;
      if (entry == null) {
        return shared(service, s, true, addEnvironment(s, null), "its definition");
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
        return new Action(env, false, te);
      }
      List<String> others = othersOf(env);
      String sharedWith = "unselected service" + (others.size() == 1 ? " " : "s ")
          + String.join(", ", others);
      if (local && aliased && env.kind == YNode.Kind.MAPPING) {
        String alias = text.substring(ref.start, ref.end);
        String repl = "{<<: " + alias + ", " + key() + ": "
            + Scalars.render(value, YNode.Style.PLAIN, true) + "}";
        return shared(service, ref, false, List.of(new TextEdit(ref.start, ref.end, repl)),
            "its environment");
      }
      String copy = env.kind == YNode.Kind.SEQUENCE ? copiedList(env) : null;
      if (copy != null && local && aliased) {
        // A list cannot be merged: replace the alias by a copy of the list plus the variable.
        return shared(service, ref, false, List.of(new TextEdit(ref.start, ref.end, copy)),
            "its environment");
      }
      if (copy != null && !local) {
        return shared(service, s, true, addEnvironment(s, null, copy), "its definition");
      }
      if (!local && env.kind == YNode.Kind.MAPPING && env.anchor != null
          && !s.flow && !redefined(env.anchor, env.end, realEnd(s))) {
        return shared(service, s, true, addEnvironment(s, "*" + env.anchor),
            "its definition");
      }
      if (!local && env.kind == YNode.Kind.MAPPING && env.anchor == null && env.tag == null
          && !s.flow) {
        // Anchor the inherited environment (which changes nothing by itself) and merge it into a
        // local environment, so no inherited variable is lost and the base stays as it was.
        Object withAnchor = anchorAndMerge(entry, env, s);
        if (withAnchor instanceof List<?>) {
          return shared(service, s, true, withAnchor, "its definition");
        }
      }
      if (envConflict != null && (!local || !aliased)) {
        return refuse(service, "its environment " + envConflict,
            "Give " + service + " an environment of its own, or edit it by hand");
      }
      if (!local) {
        return refuse(service,
            "its environment is inherited through a merge key ('<<') from a definition shared"
                + " with " + sharedWith + "; a local environment would drop the inherited"
                + " variables, and editing the shared one would change the others",
            "Select those services too, "
                + (env.kind == YNode.Kind.MAPPING ? "anchor the shared environment"
                    : "write the shared environment as a map (KEY: value)")
                + " so it can be merged, or give " + service + " its own environment");
      }
      return refuse(service,
          "its environment " + (aliased ? "is an alias (" + text.substring(ref.start, ref.end)
              + ") " : "is anchored and ") + "shared with " + sharedWith
              + "; editing it would change them too",
          "Select those services too, or give " + service + " its own environment");
    }

    /**
     * A list environment copied as a flow list with the variable set (its old entries dropped),
     * or null if an entry is not a plain value.
     */
    private String copiedList(YNode env) {
      StringBuilder sb = new StringBuilder("[");
      for (YNode item : env.children) {
        YNode d = item.deref();
        if (d.kind != YNode.Kind.SCALAR || d.isNull() || d.hasCustomTag()) {
          return null;
        }
        int eq = d.value.indexOf('=');
        if (!(eq < 0 ? d.value : d.value.substring(0, eq)).equals(name)) {
          sb.append(Scalars.render(d.value, YNode.Style.PLAIN, true)).append(", ");
        }
      }
      return sb.append(Scalars.render(name + "=" + value, YNode.Style.PLAIN, true))
          .append(']').toString();
    }

    /** Edits adding an anchor to {@code env} and a local environment merging it to {@code s}. */
    private Object anchorAndMerge(EnvModel.Entry entry, YNode env, YNode s) {
      String anchor = freshAnchor(env, entry.owner());
      TextEdit addAnchor;
      if (env.flow) {
        addAnchor = TextEdit.insert(env.start, "&" + anchor + " ");
      } else {
        int colon = colonAfter(entry.keyNode());
        if (colon < 0 || src.lineOf(colon) != src.lineOf(entry.keyNode().start)) {
          return null;
        }
        addAnchor = TextEdit.insert(colon + 1, " &" + anchor);
      }
      Object local = addEnvironment(s, "*" + anchor);
      if (!(local instanceof List<?> l)) {
        return local;
      }
      List<TextEdit> edits = new ArrayList<>();
      edits.add(addAnchor);
      for (Object o : l) {
        edits.add((TextEdit) o);
      }
      return edits;
    }

    /**
     * The anchor to add to {@code env}: named after its owner ({@code &defaults-env} for an
     * environment inside {@code &defaults}), and unique in the document, so it can neither re-bind
     * an existing alias nor be re-bound. The same node always gets the same name.
     */
    private String freshAnchor(YNode env, YNode owner) {
      String known = generatedAnchors.get(env);
      if (known != null) {
        return known;
      }
      String base = anchorSafe(owner.anchor == null ? "inherited" : owner.anchor) + "-env";
      String candidate = base;
      for (int i = 2; file.anchors.containsKey(candidate) || !generatedNames.add(candidate); i++) {
        candidate = base + "-" + i;
      }
      generatedAnchors.put(env, candidate);
      return candidate;
    }

    /** {@code name} with every character docker compose's YAML reader refuses in an anchor as '-'. */
    private static String anchorSafe(String name) {
      StringBuilder sb = new StringBuilder(name.length());
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        boolean ok = c == '_' || c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')
            || (c >= 'A' && c <= 'Z');
        sb.append(ok ? c : '-');
      }
      return sb.toString();
    }

    /** An action on {@code target} if every service depending on it is being edited. */
    private Object shared(String service, YNode target, boolean ignoreEnvKey,
        Object edits, String what) {
      if (edits instanceof Refusal r) {
        return new Refusal(service, r.reason(), r.remedy());
      }
      YNode owner = model.services.get(service).node;
      String conflict = conflict(owner, false);
      if (conflict != null) {
        return refuse(service, "its definition " + conflict,
            "Give " + service + " a definition of its own, or edit it by hand");
      }
      if (!usersOk(target)) {
        return refuse(service,
            what + " is shared (anchor/alias) with unselected service"
                + (othersOf(target).size() == 1 ? " " : "s ")
                + String.join(", ", othersOf(target)) + "; editing it would change them too",
            "Select those services too, or give " + service + " a definition of its own");
      }
      @SuppressWarnings("unchecked")
      List<TextEdit> te = (List<TextEdit>) edits;
      return new Action(target, ignoreEnvKey, te);
    }

    /** Why editing {@code node} would change more than environments, or null. */
    private String conflict(YNode node, boolean asEnvironment) {
      if (model.foreign().contains(node)) {
        return "is also used outside the services' environments (through an alias)";
      }
      if (asEnvironment ? model.serviceContainers.contains(node)
          : model.envContainers.contains(node)) {
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

    /** Whether {@code &anchor} is defined again in {@code [from, to)}, re-binding its aliases. */
    private boolean redefined(String anchor, int from, int to) {
      List<YNode> defs = file.anchors.getOrDefault(anchor, List.of()); // in document order
      int lo = 0;
      int hi = defs.size();
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (defs.get(mid).start < from) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo < defs.size() && defs.get(lo).start < to;
    }

    private Refusal refuse(String service, String reason, String remedy) {
      return new Refusal(service, reason, remedy);
    }

    /** The edits that set the variable inside environment node {@code env}, or a Refusal. */
    private Object editInPlace(String service, EnvModel.Entry entry, YNode env) {
      if ("!reset".equals(env.tag)) {
        return refuse(service, "its environment is tagged !reset (Compose discards it)",
            "Remove the !reset tag, or leave this service out");
      }
      if (env.hasCustomTag() && !"!override".equals(env.tag)) {
        return refuse(service, "its environment has the unsupported tag " + env.tag,
            "Remove the tag, or edit this service by hand");
      }
      return switch (env.kind) {
        case MAPPING -> editMapping(service, env);
        case SEQUENCE -> editSequence(service, env);
        case SCALAR -> {
          if (!env.isNull()) {
            yield refuse(service, "its environment is a single value, not a map or a list",
                "Write it as a map (KEY: value) or a list (- KEY=value)");
          }
          if (entry.value().kind == YNode.Kind.ALIAS || env.anchor != null) {
            yield refuse(service, "shared: its empty environment is anchored",
                "Give the service its own environment");
          }
          yield fillNull(entry.keyNode(), env, false, entry.owner().flow);
        }
        default -> refuse(service, "its environment is not a map or a list",
            "Write it as a map (KEY: value) or a list (- KEY=value)");
      };
    }

    private String key() {
      return Scalars.plainOk(name, true) ? name : Scalars.doubleQuoted(name);
    }

    private Object editMapping(String service, YNode env) {
      if (hasComplexKeys(env)) {
        return refuse(service, "its environment has a key that is not a plain name",
            "Edit this environment by hand");
      }
      int idx = -1;
      for (int i = 0; i < env.size(); i++) {
        YNode k = env.key(i).deref();
        if (!env.key(i).isMergeKey() && k.kind == YNode.Kind.SCALAR && k.value.equals(name)) {
          idx = i;
        }
      }
      if (idx >= 0) {
        YNode k = env.key(idx);
        YNode v = env.val(idx);
        if (v.kind == YNode.Kind.ALIAS) {
          return List.of(new TextEdit(v.start, v.end,
              Scalars.render(value, YNode.Style.PLAIN, env.flow)));
        }
        if (v.kind != YNode.Kind.SCALAR) {
          return refuse(service, "the value of " + name + " is not a single value",
              "Replace it by hand with a plain value");
        }
        if (v.anchor != null) {
          return refuse(service, "the value of " + name + " is anchored (&" + v.anchor
              + ") and may be used elsewhere", "Edit this value by hand");
        }
        if (v.hasCustomTag()) {
          return refuse(service, "the value of " + name + " has the tag " + v.tag,
              "Edit this value by hand");
        }
        if (implicitEmpty(v)) {
          int colon = colonAfter(k);
          if (colon < 0) {
            return refuse(service, "unusual layout around " + name, "Edit this value by hand");
          }
          return List.of(TextEdit.insert(colon + 1,
              " " + Scalars.render(value, YNode.Style.PLAIN, env.flow)));
        }
        return List.of(new TextEdit(v.start, realEnd(v),
            Scalars.render(value, v.style, env.flow)));
      }
      String entryText = key() + ": " + Scalars.render(value, YNode.Style.PLAIN, env.flow);
      if (env.flow) {
        return appendFlow(service, env, '}', entryText);
      }
      List<Integer> keys = new ArrayList<>();
      for (int i = 0; i < env.size(); i++) {
        if (!env.key(i).isMergeKey() && env.key(i).isScalar()) {
          keys.add(i);
        }
      }
      boolean sorted = keys.size() >= 2;
      for (int j = 1; j < keys.size() && sorted; j++) {
        sorted = keyText(env, keys.get(j - 1)).compareTo(keyText(env, keys.get(j))) <= 0;
      }
      if (sorted) {
        for (int j = 0; j < keys.size(); j++) {
          if (keyText(env, keys.get(j)).compareTo(name) > 0) {
            int i = keys.get(j);
            return j == 0
                ? insertLinesBefore(env.key(i), List.of(indentOf(env.key(i)) + entryText))
                : insertLinesAfter(entryEnd(env, keys.get(j - 1)),
                    List.of(indentOf(env.key(i)) + entryText));
          }
        }
      }
      int last = env.size() - 1;
      return insertLinesAfter(entryEnd(env, last),
          List.of(indentOf(env.key(keys.isEmpty() ? last : keys.get(keys.size() - 1)))
              + entryText));
    }

    private String keyText(YNode map, int i) {
      return map.key(i).deref().value;
    }

    private Object editSequence(String service, YNode env) {
      List<TextEdit> edits = new ArrayList<>();
      for (YNode item : env.children) {
        YNode d = item.deref();
        if (d.kind != YNode.Kind.SCALAR || d.isNull()) {
          continue;
        }
        int eq = d.value.indexOf('=');
        String itemName = eq < 0 ? d.value : d.value.substring(0, eq);
        if (!itemName.equals(name)) {
          continue;
        }
        String entry = d.value.substring(0, itemName.length()) + "=" + value;
        if (item.kind == YNode.Kind.ALIAS) {
          edits.add(new TextEdit(item.start, item.end,
              Scalars.render(entry, YNode.Style.PLAIN, env.flow)));
          continue;
        }
        if (d.anchor != null || d.hasCustomTag()) {
          return refuse(service, "the entry for " + name + " is anchored or tagged",
              "Edit this entry by hand");
        }
        edits.add(new TextEdit(d.start, realEnd(d), Scalars.render(entry, d.style, env.flow)));
      }
      if (!edits.isEmpty()) {
        return edits;
      }
      String entry = name + "=" + value;
      if (env.flow) {
        YNode.Style st = env.children.isEmpty() ? YNode.Style.PLAIN : styleOf(last(env));
        return appendFlow(service, env, ']', Scalars.render(entry, st, true));
      }
      YNode last = last(env);
      int ls = src.lineStart(last.start);
      String prefix = text.substring(ls, last.start);
      if (!prefix.matches("[ \\t]*-[ \\t]+") || implicitEmpty(last)) {
        return refuse(service, "the list layout of its environment is unusual",
            "Add '- " + name + "=...' by hand");
      }
      return insertLinesAfter(realEnd(last),
          List.of(prefix + Scalars.render(entry, styleOf(last), false)));
    }

    private static boolean hasComplexKeys(YNode map) {
      for (int i = 0; i < map.size(); i++) {
        YNode k = map.key(i).deref();
        if (k.kind != YNode.Kind.SCALAR || k.start == k.end || k.hasCustomTag()) {
          return true;
        }
      }
      return false;
    }

    private static YNode last(YNode n) {
      return n.children.get(n.children.size() - 1);
    }

    private static YNode.Style styleOf(YNode item) {
      return item.kind == YNode.Kind.SCALAR ? item.style : YNode.Style.PLAIN;
    }

    private Object appendFlow(String service, YNode coll, char close, String entryText) {
      int closeAt = coll.end - 1;
      if (closeAt < 0 || closeAt >= text.length() || text.charAt(closeAt) != close) {
        return refuse(service, "unusual flow layout of its environment",
            "Edit this environment by hand");
      }
      if (coll.children.isEmpty()) {
        return List.of(TextEdit.insert(closeAt, entryText));
      }
      int end = coll.kind == YNode.Kind.MAPPING ? entryEnd(coll, coll.size() - 1)
          : realEnd(last(coll));
      return List.of(TextEdit.insert(end, ", " + entryText));
    }

    /**
     * Turns an empty value ({@code key:} or {@code key: ~}, maybe with a comment) into a block map
     * holding the variable, or into an environment block when {@code service} is true.
     */
    private Object fillNull(YNode keyNode, YNode nullNode, boolean service, boolean flowParent) {
      int colon = colonAfter(keyNode);
      if (colon < 0) {
        return new Refusal("", "unusual layout after '" + keyNode.deref().value + "'",
            "Edit it by hand");
      }
      String var = key() + ": " + Scalars.render(value, YNode.Style.PLAIN, false);
      List<TextEdit> edits = new ArrayList<>();
      if (flowParent) {
        String varFlow = key() + ": " + Scalars.render(value, YNode.Style.PLAIN, true);
        String repl = service ? "{environment: {" + varFlow + "}}" : "{" + varFlow + "}";
        if (implicitEmpty(nullNode)) {
          edits.add(TextEdit.insert(colon + 1, " " + repl));
        } else {
          edits.add(new TextEdit(nullNode.start, nullNode.end, repl));
        }
        return edits;
      }
      if (!implicitEmpty(nullNode)) {
        edits.add(new TextEdit(colon + 1, nullNode.end, ""));
      }
      int le = src.lineEnd(Math.max(colon, nullNode.end));
      String br = src.breakAt(le);
      if (br.isEmpty()) {
        br = src.lineBreak();
      }
      String indent = indentOf(keyNode) + step;
      String insert = service
          ? br + indent + "environment:" + br + indent + step + var
          : br + indent + var;
      edits.add(TextEdit.insert(le, insert));
      return edits;
    }

    /** Adds an environment key to a service mapping that has none of its own. */
    private Object addEnvironment(YNode service, String mergeAlias) {
      return addEnvironment(service, mergeAlias, null);
    }

    /**
     * Adds an environment key to a service mapping that has none of its own: a map with the
     * variable (merging {@code mergeAlias} if given), or the flow list {@code listValue}.
     */
    private Object addEnvironment(YNode service, String mergeAlias, String listValue) {
      if (hasComplexKeys(service)) {
        return new Refusal("", "the service has a key that is not a plain name",
            "Add the environment by hand");
      }
      String val = Scalars.render(value, YNode.Style.PLAIN, service.flow);
      if (service.flow) {
        String entry = listValue != null ? "environment: " + listValue
            : "environment: {" + (mergeAlias == null ? "" : "<<: " + mergeAlias + ", ")
                + key() + ": " + val + "}";
        return appendFlow("", service, '}', entry);
      }
      int last = service.size() - 1;
      YNode lineKey = null;
      for (int i = 0; i < service.size() && lineKey == null; i++) {
        YNode k = service.key(i);
        if (text.substring(src.lineStart(k.start), k.start).isBlank()) {
          lineKey = k;
        }
      }
      if (lineKey == null) {
        return new Refusal("", "unusual layout of the service's keys",
            "Add the environment by hand");
      }
      String indent = indentOf(lineKey);
      List<String> lines = new ArrayList<>();
      if (listValue != null) {
        return insertLinesAfter(entryEnd(service, last),
            List.of(indent + "environment: " + listValue));
      }
      lines.add(indent + "environment:");
      if (mergeAlias != null) {
        lines.add(indent + step + "<<: " + mergeAlias);
      }
      lines.add(indent + step + key() + ": " + val);
      return insertLinesAfter(entryEnd(service, last), lines);
    }

    private List<TextEdit> insertLinesAfter(int end, List<String> lines) {
      int le = src.lineEnd(end);
      String br = src.breakAt(le);
      StringBuilder sb = new StringBuilder();
      if (br.isEmpty()) {
        String b = src.lineBreak();
        for (String l : lines) {
          sb.append(b).append(l);
        }
        return List.of(TextEdit.insert(le, sb.toString()));
      }
      for (String l : lines) {
        sb.append(l).append(br);
      }
      return List.of(TextEdit.insert(le + br.length(), sb.toString()));
    }

    private List<TextEdit> insertLinesBefore(YNode keyNode, List<String> lines) {
      int ls = src.lineStart(keyNode.start);
      String br = src.breakAt(src.lineEnd(ls));
      if (br.isEmpty()) {
        br = src.lineBreak();
      }
      StringBuilder sb = new StringBuilder();
      for (String l : lines) {
        sb.append(l).append(br);
      }
      return List.of(TextEdit.insert(ls, sb.toString()));
    }

    /** The indentation of a key's line, as spaces (a "- " before the key counts as spaces). */
    private String indentOf(YNode keyNode) {
      int ls = src.lineStart(keyNode.start);
      StringBuilder sb = new StringBuilder();
      for (int i = ls; i < keyNode.start; i++) {
        sb.append(text.charAt(i) == '\t' ? '\t' : ' ');
      }
      return sb.toString();
    }

    /** The file's indentation unit: service keys relative to 'services'. */
    private String indentStep() {
      YNode services = file.services;
      int width = 2;
      if (!services.flow && services.size() > 0) {
        YNode servicesKey = file.root.key(file.root.indexOf("services"));
        int w = indentOf(services.key(0)).length() - indentOf(servicesKey).length();
        if (w > 0 && w <= 8) {
          width = w;
        }
      }
      return " ".repeat(width);
    }

    private int entryEnd(YNode map, int i) {
      YNode v = map.val(i);
      int end = realEnd(map.key(i));
      if (implicitEmpty(v)) {
        int colon = colonAfter(map.key(i));
        return colon >= 0 ? colon + 1 : end;
      }
      return Math.max(end, realEnd(v));
    }

    /** Offset of the ':' after a mapping key, or -1. */
    private int colonAfter(YNode keyNode) {
      int i = realEnd(keyNode);
      while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
        i++;
      }
      return i < text.length() && text.charAt(i) == ':' ? i : -1;
    }

    private static boolean implicitEmpty(YNode n) {
      return n.kind == YNode.Kind.SCALAR && n.style == YNode.Style.PLAIN && n.value.isEmpty()
          && n.start == n.end;
    }

    private boolean keepsTrailingLines(YNode n) {
      int i = n.start;
      while (i < n.end && text.charAt(i) != '|' && text.charAt(i) != '>') {
        i++;
      }
      int le = src.lineEnd(i);
      String header = text.substring(i, le);
      int hash = header.indexOf('#');
      return (hash < 0 ? header : header.substring(0, hash)).contains("+");
    }

    /** Where a node's own text really ends (block collections' marks run on to the next token). */
    int realEnd(YNode n) {
      switch (n.kind) {
        case ALIAS:
          return n.end;
        case SCALAR:
          if (n.style == YNode.Style.LITERAL || n.style == YNode.Style.FOLDED) {
            if (keepsTrailingLines(n) && n.end > n.start) {
              // "|+": trailing blank lines are content; end on the last line break.
              return n.end - 1;
            }
            int e = n.end;
            while (e > n.start && Character.isWhitespace(text.charAt(e - 1))) {
              e--;
            }
            return e;
          }
          return n.end;
        default:
          if (n.flow || n.children.isEmpty()) {
            return n.end;
          }
          if (n.kind == YNode.Kind.MAPPING) {
            return entryEnd(n, n.size() - 1);
          }
          YNode lastItem = last(n);
          return implicitEmpty(lastItem) ? lastItem.start : realEnd(lastItem);
      }
    }
  }
}
