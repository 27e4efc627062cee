package io.testbed.plugins.compose;

import io.testbed.plugins.compose.ComposeException.Kind;
import io.testbed.plugins.yaml.Characters;
import io.testbed.plugins.yaml.Source;
import io.testbed.plugins.yaml.YNode;
import io.testbed.plugins.yaml.YamlException;
import io.testbed.plugins.yaml.YamlTree;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A parsed compose file: its exact original text (UTF-8, with or without a BOM, LF or CRLF), a
 * fingerprint of the bytes it was read from, and the node tree with every node's place. Nothing is
 * ever re-serialized: edits are planned as text splices over {@link #text()}.
 */
public final class ComposeFile {
  /** The names tried, in order, when no file is given and COMPOSE_FILE is not set. */
  public static final List<String> DEFAULT_NAMES =
      List.of("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml");

  /**
   * The file as a tree, for the packages that plan edits of it ({@code compose.edit}) and check it
   * ({@code compose.lint}): the one public view of what a parse keeps. Read-only by contract:
   * the nodes are shared with the file.
   *
   * @param source the text and its position arithmetic
   * @param root the document's top-level mapping
   * @param services the {@code services} mapping (empty in an override file without one)
   * @param anchors every anchored node under its anchor name, in document order; unmodifiable
   * @param model the services as seen through merges and aliases
   */
  public record Tree(
      Source source, YNode root, YNode services, Map<String, List<YNode>> anchors,
      EnvModel model) {}

  private final Path path;
  private String fingerprint;
  final Source src;
  final YNode root;
  final YNode services;
  /** Every anchored node under its anchor name, in document order (a later one re-binds). */
  final Map<String, List<YNode>> anchors = new HashMap<>();
  private EnvModel model;

  private ComposeFile(Path path, String label, String text) {
    this(path, label, text, true);
  }

  private ComposeFile(
      Path path, String label, String text, boolean servicesRequired) {
    this.path = path;
    this.src = new Source(label, text);
    YNode r = parse(src, anchors);
    if (!servicesRequired && (r == null || r.deref().isNull())) {
      r = YNode.emptyMapping(src.bomLength); // an empty override file: nothing but comments, so far
    }
    if (r == null || r.deref().kind != YNode.Kind.MAPPING) {
      throw ComposeException.at(src, Kind.INVALID, r == null ? src.bomLength : r.start,
          "not a compose file: the document is not a mapping with a top-level 'services' key",
          "A compose file starts with e.g. 'services:' followed by the services, indented.");
    }
    this.root = r.deref();
    try {
      YamlTree.checkKeys(src, root);
    } catch (YamlException e) {
      throw ComposeException.invalid(e);
    }
    YNode s = root.get("services");
    if (s == null && (!servicesRequired || root.get("include") != null)) {
      s = YNode.emptyMapping(root.start);
    }
    if (s == null) {
      throw ComposeException.at(src, Kind.INVALID, root.start,
          "not a compose file: no top-level 'services' mapping",
          "Add 'services:' with the services under it, or point --compose at the right file.");
    }
    if (s.deref().kind != YNode.Kind.MAPPING) {
      throw ComposeException.at(src, Kind.INVALID, s.start,
          "not a compose file: 'services' must be a mapping of service names to definitions",
          "Indent the services under 'services:', e.g. 'services:\\n  web:\\n    image: nginx'.");
    }
    this.services = s.deref();
    this.model = new EnvModel(root, services);
  }

  /** The text's YAML tree, with the YAML layer's refusals as this file's INVALID errors. */
  private static YNode parse(Source src, Map<String, List<YNode>> anchors) {
    try {
      int[] lineBreaks = Characters.check(src);
      YNode r = YamlTree.compose(src, anchors);
      Characters.checkLineBreaks(src, r, lineBreaks);
      return r;
    } catch (YamlException e) {
      throw ComposeException.invalid(e);
    }
  }

  /** Reads and parses a compose file. */
  public static ComposeFile read(Path path) {
    byte[] bytes = readBytes(path);
    return new ComposeFile(path, path.toString(), decode(path.toString(), bytes));
  }

  private static byte[] readBytes(Path path) {
    try {
      return Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw ComposeException.of(Kind.IO, path.toString(), "no such file",
          "Give the compose file with --compose FILE, or run from the deployment directory.", e);
    } catch (AccessDeniedException e) {
      throw ComposeException.permissionDenied(path.toString(), path, "read",
          "nothing was changed.", e);
    } catch (IOException e) {
      throw ComposeException.of(Kind.IO, path.toString(), "cannot read: " + e.getMessage(), "", e);
    }
  }

  /**
   * Reads a file that is merged over a base (an override file): unlike a base, it may have no
   * {@code services} at all.
   */
  public static ComposeFile readOverride(Path path) {
    byte[] bytes = readBytes(path);
    return new ComposeFile(path, path.toString(), decode(path.toString(), bytes), false);
  }

  /** {@link #readOverride} for text held in memory. */
  public static ComposeFile parseOverride(String label, String text) {
    return new ComposeFile(null, label, text, false);
  }

  /**
   * An override file that does not exist yet, with the text it would be created with.
   */
  static ComposeFile absent(Path path, String text) {
    return new ComposeFile(path, path.toString(), text, false);
  }

  /** Whether the file has a top-level {@code services} key (an override file may lack it). */
  public boolean hasServicesKey() {
    return root.get("services") != null;
  }

  /** Parses compose text held in memory; {@code label} names it in messages. */
  public static ComposeFile parse(String label, String text) {
    return new ComposeFile(null, label, text);
  }

  /**
   * Finds the compose file the way {@code docker compose} does without {@code -f}: the first entry
   * of {@code COMPOSE_FILE} (split on {@code COMPOSE_PATH_SEPARATOR}, else the OS path separator),
   * resolved against {@code cwd}; otherwise the first existing of {@link #DEFAULT_NAMES} in {@code
   * cwd}.
   */
  public static Path discover(Path cwd, Map<String, String> env) {
    String list = env.get("COMPOSE_FILE");
    if (list != null && !list.isBlank()) {
      String sep = env.getOrDefault("COMPOSE_PATH_SEPARATOR", File.pathSeparator);
      if (sep.isEmpty()) {
        sep = File.pathSeparator;
      }
      String first = list.split(Pattern.quote(sep), -1)[0].trim();
      if (!first.isEmpty()) {
        Path p = cwd.resolve(first);
        if (!Files.isRegularFile(p)) {
          throw ComposeException.of(Kind.IO, p.toString(),
              "COMPOSE_FILE names this file, but it does not exist",
              "Fix COMPOSE_FILE, or give the file with --compose FILE.");
        }
        return p;
      }
    }
    for (String name : DEFAULT_NAMES) {
      Path p = cwd.resolve(name);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw ComposeException.of(Kind.IO, cwd.toString(),
        "no compose file here (looked for " + String.join(", ", DEFAULT_NAMES) + ")",
        "Run from the deployment directory, give the file with --compose FILE, or set COMPOSE_FILE.");
  }

  /** The file this was read from; empty for {@link #parse}d text. */
  public Optional<Path> path() {
    return Optional.ofNullable(path);
  }

  /** The name used in messages and diffs. */
  public String label() {
    return src.label;
  }

  /** The exact text, including a leading BOM if the file has one. */
  public String text() {
    return src.text;
  }

  /** SHA-256 (hex) of the bytes read; used to detect changes on disk before writing. */
  public String fingerprint() {
    if (fingerprint == null) {
      fingerprint = sha256(bytes());
    }
    return fingerprint;
  }

  /**
   * The bytes the file was read from: the text encoded as UTF-8 again (decoding refused anything
   * that would not come back byte for byte).
   */
  public byte[] bytes() {
    return src.text.getBytes(StandardCharsets.UTF_8);
  }

  public boolean hasBom() {
    return src.bomLength > 0;
  }

  /** "\r\n" when the file uses CRLF, else "\n". */
  public String lineBreak() {
    return src.lineBreak();
  }

  /** Service names in file order. */
  public List<String> serviceNames() {
    return new ArrayList<>(model().services.keySet());
  }

  /**
   * The effective value of variable {@code name} in the service's environment, through merge keys
   * and aliases, as written in YAML (so a literal {@code $} reads {@code $$}). Empty when the
   * variable is absent or has no value.
   */
  public Optional<String> envValue(String service, String name) {
    return Optional.ofNullable(environment(service).get(name));
  }

  /** The service's effective environment, in order; a null value means "no value". */
  public Map<String, String> environment(String service) {
    EnvModel.ServiceEnv se = model().services.get(service);
    if (se == null) {
      throw unknownService(List.of(service));
    }
    return java.util.Collections.unmodifiableMap(se.vars);
  }

  /** The usage error for services this file does not define, naming those it does. */
  public ComposeException unknownService(List<String> names) {
    return ComposeException.of(Kind.USAGE, label(),
        (names.size() == 1 ? "no service named '" + names.get(0) + "'"
            : "no services named " + String.join(", ", names)),
        "Known services: " + String.join(", ", serviceNames()) + ".");
  }

  /** The tree of this file: see {@link Tree}. */
  public Tree tree() {
    return new Tree(src, root, services, java.util.Collections.unmodifiableMap(anchors), model());
  }

  EnvModel model() {
    if (model == null) {
      model = new EnvModel(root, services);
    }
    return model;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String decode(String label, byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (MalformedInputException e) {
      throw ComposeException.of(Kind.INVALID, label, "not UTF-8 text",
          "Save the file as UTF-8 (with or without a BOM).", e);
    } catch (CharacterCodingException e) {
      throw ComposeException.of(Kind.INVALID, label, "not UTF-8 text: " + e.getMessage(),
          "Save the file as UTF-8.", e);
    }
  }
}
