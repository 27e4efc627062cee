package io.testbed.plugins.compose.edit;

import io.testbed.plugins.compose.ComposeException;
import io.testbed.plugins.compose.ComposeException.Kind;
import io.testbed.plugins.compose.ComposeFile;
import io.testbed.plugins.compose.EnvModel;
import io.testbed.plugins.yaml.Scalars;
import io.testbed.plugins.yaml.TextEdit;
import io.testbed.plugins.yaml.YNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
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
      if (!file.tree().model().services().containsKey(s)) {
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
    // The decisions of the last pass for the first variable are those phase 2 would make first
    // (same text, same services), so phase 2 takes them over.
    Set<String> ok = new LinkedHashSet<>(services);
    Map<String, Refusal> refused = new LinkedHashMap<>();
    Map<String, Object> firstDecisions = new HashMap<>();
    boolean again = true;
    while (again) {
      again = false;
      firstDecisions.clear();
      boolean first = true;
      for (Map.Entry<String, String> v : yamlValues.entrySet()) {
        EnvPlanner p = new EnvPlanner(file, v.getKey(), v.getValue(), ok);
        for (String s : List.copyOf(ok)) {
          Object d = p.decide(s);
          if (d instanceof Refusal r) {
            refused.put(s, r);
            ok.remove(s);
            again = true;
          } else if (first) {
            firstDecisions.put(s, d);
          }
        }
        first = false;
      }
    }

    // Phase 2: apply one variable at a time, re-parsing and verifying after each.
    ComposeFile current = file;
    List<List<TextEdit>> steps = new ArrayList<>();
    List<String> texts = new ArrayList<>(); // the text after each step
    for (Map.Entry<String, String> v : yamlValues.entrySet()) {
      EnvPlanner p = new EnvPlanner(current, v.getKey(), v.getValue(), ok);
      Map<YNode, Action> actions = new IdentityHashMap<>();
      List<TextEdit> edits = new ArrayList<>();
      Set<TextEdit> seen = new HashSet<>();
      for (String s : ok) {
        Object d = current == file ? firstDecisions.get(s) : p.decide(s);
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
    for (EnvModel.ServiceEnv se : file.tree().model().services().values()) {
      if (ok.contains(se.name())) {
        for (Map.Entry<String, String> v : yamlValues.entrySet()) { // names are distinct
          String old = se.vars().get(v.getKey());
          if (!se.vars().containsKey(v.getKey()) || !v.getValue().equals(old)) {
            changes.add(new EnvChange(se.name(), v.getKey(), old, v.getValue()));
          }
        }
      }
    }
    if (steps.size() > 1) {
      Map<String, Map<String, String>> expectedAll = new LinkedHashMap<>();
      for (EnvModel.ServiceEnv se : file.tree().model().services().values()) {
        Map<String, String> env = new LinkedHashMap<>(se.vars());
        if (ok.contains(se.name())) {
          env.putAll(yamlValues);
        }
        expectedAll.put(se.name(), env);
      }
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
    for (EnvModel.ServiceEnv se : f.tree().model().services().values()) {
      Map<String, String> env = new LinkedHashMap<>(se.vars());
      if (ok.contains(se.name())) {
        env.put(name, value);
      }
      out.put(se.name(), env);
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
}
