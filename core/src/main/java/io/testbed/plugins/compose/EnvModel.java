package io.testbed.plugins.compose;

import io.testbed.plugins.yaml.YNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The effective view of the services: merge keys ({@code <<}) resolved shallowly as Compose does,
 * aliases followed, each service's environment as a map, and which services depend on which nodes
 * (so an edit of a shared node can be checked against every service it affects). Memoized per node:
 * linear in the size of the DAG, never exponential in aliases.
 *
 * <p>The public view of one file's services that {@code compose.edit} plans against and {@code
 * compose.lint} checks; {@link ComposeFile.Tree#model()} gives it. Read-only from outside: only
 * {@link ComposeFile} builds it.
 */
public final class EnvModel {

  /** A mapping entry as seen through merges: where it is written ({@code owner}). */
  public record Entry(String key, YNode keyNode, YNode value, YNode owner) {}

  /** One service, as seen through merges and aliases. */
  public static final class ServiceEnv {
    final String name;
    final YNode keyNode;
    /** The value under the service's name as written (may be an alias). */
    final YNode ref;
    /** {@link #ref} dereferenced. */
    final YNode node;
    /** The effective {@code environment} entry, or null. */
    Entry envEntry;
    /** The effective environment node, dereferenced, or null. */
    YNode envNode;
    /** Effective variables; a null value means "no value" ({@code KEY:} or bare {@code - KEY}). */
    final Map<String, String> vars = new LinkedHashMap<>();

    ServiceEnv(String name, YNode keyNode, YNode ref) {
      this.name = name;
      this.keyNode = keyNode;
      this.ref = ref;
      this.node = ref.deref();
    }

    public String name() {
      return name;
    }

    /** The service's name as written. */
    public YNode keyNode() {
      return keyNode;
    }

    /** The value under the service's name as written (may be an alias). */
    public YNode ref() {
      return ref;
    }

    /** {@link #ref()} dereferenced. */
    public YNode node() {
      return node;
    }

    /** The effective {@code environment} entry, or null. */
    public Entry envEntry() {
      return envEntry;
    }

    /** The effective environment node, dereferenced, or null. */
    public YNode envNode() {
      return envNode;
    }

    /** Effective variables, unmodifiable; a null value means "no value". */
    public Map<String, String> vars() {
      return Collections.unmodifiableMap(vars);
    }
  }

  private final IdentityHashMap<YNode, Map<String, Entry>> effective = new IdentityHashMap<>();
  private final IdentityHashMap<YNode, Set<YNode>> closures = new IdentityHashMap<>();
  final Map<String, ServiceEnv> services = new LinkedHashMap<>();
  // The indexes below are built when the planner first asks (a verifying re-parse never does).
  /** Per node, the services whose environment is computed from it. */
  private IdentityHashMap<YNode, List<String>> users;
  /** Service definitions and the mappings merged into them. */
  private Set<YNode> serviceContainers;
  /** Environment nodes and the mappings merged into them. */
  private Set<YNode> envContainers;
  private Set<YNode> foreign;
  private final YNode servicesNode;

  private final List<YNode> topLevelOthers = new ArrayList<>();

  EnvModel(YNode root, YNode servicesNode) {
    this.servicesNode = servicesNode.deref();
    for (int i = 0; i < root.size(); i++) {
      YNode k = root.key(i).deref();
      boolean skip = k.kind == YNode.Kind.SCALAR
          && (k.value.equals("services") || k.value.startsWith("x-"));
      if (!skip) {
        topLevelOthers.add(root.key(i));
        topLevelOthers.add(root.val(i));
      }
    }
    YNode sm = servicesNode.deref();
    for (int i = 0; i < sm.size(); i++) {
      YNode k = sm.key(i).deref();
      if (k.kind != YNode.Kind.SCALAR) {
        continue;
      }
      ServiceEnv se = new ServiceEnv(k.value, sm.key(i), sm.val(i));
      resolve(se);
      services.put(se.name, se);
    }
  }

  /** The services of the file, by name, in file order; unmodifiable. */
  public Map<String, ServiceEnv> services() {
    return Collections.unmodifiableMap(services);
  }

  private void index() {
    if (users != null) {
      return;
    }
    users = new IdentityHashMap<>();
    serviceContainers = Collections.newSetFromMap(new IdentityHashMap<>());
    envContainers = Collections.newSetFromMap(new IdentityHashMap<>());
    for (ServiceEnv se : services.values()) {
      for (YNode d : dependencies(se)) {
        users.computeIfAbsent(d, x -> new ArrayList<>(1)).add(se.name);
      }
      if (se.node.kind == YNode.Kind.MAPPING) {
        serviceContainers.addAll(closure(se.node));
      }
      if (se.envNode != null) {
        envContainers.add(se.envNode);
        if (se.envNode.kind == YNode.Kind.MAPPING) {
          envContainers.addAll(closure(se.envNode));
        }
      }
    }
  }

  /** Service definitions and the mappings merged into them. */
  public Set<YNode> serviceContainers() {
    index();
    return serviceContainers;
  }

  /** Environment nodes and the mappings merged into them. */
  public Set<YNode> envContainers() {
    index();
    return envContainers;
  }

  /**
   * Nodes Compose sees other than as a service definition or a service's environment: reachable
   * from a top-level key other than services and x-*, or from a service's keys other than
   * environment and merge keys. Editing one of these would change more than environments.
   * Computed when first asked for (a verifying re-parse never asks).
   */
  public Set<YNode> foreign() {
    if (foreign == null) {
      foreign = Collections.newSetFromMap(new IdentityHashMap<>());
      findForeign(servicesNode);
    }
    return foreign;
  }

  private void findForeign(YNode sm) {
    java.util.ArrayDeque<YNode> todo = new java.util.ArrayDeque<>();
    Set<YNode> visitedServices = Collections.newSetFromMap(new IdentityHashMap<>());
    for (YNode top : topLevelOthers) {
      todo.push(top);
    }
    java.util.ArrayDeque<YNode> services = new java.util.ArrayDeque<>();
    for (int i = 0; i < sm.size(); i++) {
      services.push(sm.val(i).deref());
    }
    while (!services.isEmpty()) {
      YNode s = services.pop();
      if (s.kind != YNode.Kind.MAPPING || !visitedServices.add(s)) {
        continue;
      }
      for (int i = 0; i < s.size(); i++) {
        YNode k = s.key(i).deref();
        if (s.key(i).isMergeKey()) {
          YNode v = s.val(i).deref();
          if (v.kind == YNode.Kind.SEQUENCE) {
            v.children.forEach(c -> services.push(c.deref()));
          } else {
            services.push(v);
          }
        } else if (!(k.kind == YNode.Kind.SCALAR && k.value.equals("environment"))) {
          todo.push(s.key(i));
          todo.push(s.val(i));
        }
      }
    }
    while (!todo.isEmpty()) {
      YNode n = todo.pop();
      if (!foreign.add(n)) {
        continue;
      }
      if (n.kind == YNode.Kind.ALIAS) {
        todo.push(n.target);
      } else {
        for (int i = 0; i < n.children.size(); i++) {
          todo.push(n.children.get(i));
        }
      }
    }
  }

  private void resolve(ServiceEnv se) {
    if (se.node.kind != YNode.Kind.MAPPING) {
      return;
    }
    se.envEntry = effective(se.node).get("environment");
    if (se.envEntry == null) {
      return;
    }
    se.envNode = se.envEntry.value().deref();
    se.vars.putAll(variables(se.envNode));
  }

  /** Every node a service's environment is computed from. */
  private Set<YNode> dependencies(ServiceEnv se) {
    Set<YNode> deps = Collections.newSetFromMap(new IdentityHashMap<>(4));
    deps.add(se.ref);
    if (se.node.kind != YNode.Kind.MAPPING) {
      deps.add(se.node);
      return deps;
    }
    deps.addAll(closure(se.node));
    if (se.envEntry == null) {
      return deps;
    }
    deps.add(se.envEntry.value());
    deps.add(se.envNode);
    if (se.envNode.kind == YNode.Kind.MAPPING) {
      deps.addAll(closure(se.envNode));
    }
    return deps;
  }

  /** One variable of an environment node: its value as written (null: no value) and its node. */
  public record Var(String name, String value, YNode at) {}

  /** The variables an environment node defines (map or list form, merges resolved). */
  public Map<String, String> variables(YNode env) {
    Map<String, String> vars = new LinkedHashMap<>();
    for (Var v : located(env)) {
      vars.put(v.name(), v.value());
    }
    return vars;
  }

  /** {@link #variables} with the node each variable is written at, in effective order. */
  public List<Var> located(YNode env) {
    List<Var> vars = new ArrayList<>();
    if (env.kind == YNode.Kind.MAPPING) {
      for (Entry e : effective(env).values()) {
        YNode v = e.value().deref();
        vars.add(new Var(e.key(),
            v.kind != YNode.Kind.SCALAR ? "<" + v.kind + ">" : v.isNull() ? null : v.value,
            e.keyNode()));
      }
    } else if (env.kind == YNode.Kind.SEQUENCE) {
      for (YNode item : env.children) {
        YNode v = item.deref();
        if (v.kind != YNode.Kind.SCALAR || v.isNull()) {
          continue;
        }
        int eq = v.value.indexOf('=');
        if (eq < 0) {
          vars.add(new Var(v.value, null, item));
        } else {
          vars.add(new Var(v.value.substring(0, eq), v.value.substring(eq + 1), item));
        }
      }
    }
    return vars;
  }

  /** A mapping's entries with merge keys resolved: local first, then sources in order. */
  public Map<String, Entry> effective(YNode mapping) {
    Map<String, Entry> cached = effective.get(mapping);
    if (cached != null) {
      return cached;
    }
    Map<String, Entry> result = new LinkedHashMap<>();
    List<YNode> sources = mergeSources(mapping);
    for (int i = 0; i < mapping.size(); i++) {
      YNode k = mapping.key(i);
      if (k.isMergeKey()) {
        continue;
      }
      YNode kd = k.deref();
      if (kd.kind == YNode.Kind.SCALAR) {
        result.put(kd.value, new Entry(kd.value, k, mapping.val(i), mapping));
      }
    }
    for (YNode s : sources) {
      for (Entry e : effective(s).values()) {
        result.putIfAbsent(e.key(), e);
      }
    }
    effective.put(mapping, result);
    return result;
  }

  /**
   * The mappings merged into this one with {@code <<}, dereferenced, in priority order (parsing
   * made sure that a merge key is given a mapping or a list of mappings).
   */
  public List<YNode> mergeSources(YNode mapping) {
    List<YNode> sources = new ArrayList<>();
    for (int i = 0; i < mapping.size(); i++) {
      if (!mapping.key(i).isMergeKey()) {
        continue;
      }
      YNode v = mapping.val(i).deref();
      if (v.kind == YNode.Kind.MAPPING) {
        sources.add(v);
      } else {
        v.children.forEach(item -> sources.add(item.deref()));
      }
    }
    return sources;
  }

  /**
   * The mapping itself and everything merged into it, transitively. Unmodifiable; for the common
   * mapping without merge keys, a set of one (YNode has identity equality), not kept in the memo.
   */
  public Set<YNode> closure(YNode mapping) {
    if (!hasMergeKey(mapping)) {
      return Collections.singleton(mapping);
    }
    Set<YNode> cached = closures.get(mapping);
    if (cached != null) {
      return cached;
    }
    Set<YNode> result = Collections.newSetFromMap(new IdentityHashMap<>());
    result.add(mapping);
    for (int i = 0; i < mapping.size(); i++) {
      if (mapping.key(i).isMergeKey()) {
        result.add(mapping.val(i));
        YNode v = mapping.val(i).deref();
        if (v.kind == YNode.Kind.SEQUENCE) {
          result.add(v);
          result.addAll(v.children);
        }
      }
    }
    for (YNode s : mergeSources(mapping)) {
      result.addAll(closure(s));
    }
    result = Collections.unmodifiableSet(result);
    closures.put(mapping, result);
    return result;
  }

  private static boolean hasMergeKey(YNode mapping) {
    for (int i = 0; i < mapping.size(); i++) {
      if (mapping.key(i).isMergeKey()) {
        return true;
      }
    }
    return false;
  }

  /** Services whose environment is computed from {@code node}. */
  public List<String> usersOf(YNode node) {
    index();
    return users.getOrDefault(node, List.of());
  }
}
