package io.testbed.plugins.compose.edit;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random compose documents in every form the editor handles: block/flow/list/null/absent
 * environments, anchors and merge keys, comments and blank lines anywhere, 2- or 4-space indents,
 * indented or flush sequences, CRLF, a BOM, a missing final newline.
 */
final class ComposeGenerator {
  static final String[] VALUES = {
    "v", "s3://plugins/securingai_builtins", "yes", "1.5", "a: b", "x #y", "$HOME", "caf\u00e9 \ud83d\ude80",
    "'q'", "\"dq\"", "-dash", "", "  spaced  ", "null", "a,b", "[x]", "{y}", "*star", "tab\there"
  };
  static final String[] NAMES = {"AI_PLUGINS_S3_URI", "A", "B_VAR", "ZZ", "MIXED_Case", "M"};

  private final Random rnd;
  private final String in;
  private final String in2;
  private final boolean seqIndent;
  private final List<String> anchors = new ArrayList<>();

  ComposeGenerator(long seed) {
    rnd = new Random(seed);
    in = rnd.nextBoolean() ? "  " : "    ";
    in2 = in + in;
    seqIndent = rnd.nextBoolean();
  }

  String pick(String[] a) {
    return a[rnd.nextInt(a.length)];
  }

  String document(int services) {
    StringBuilder sb = new StringBuilder();
    if (rnd.nextInt(4) == 0) {
      sb.append("# generated \ud83e\uddea compose file\n");
    }
    if (rnd.nextInt(3) == 0) {
      sb.append("x-env: &shared-env\n").append(in).append("SHARED: \"1\"\n")
          .append(in).append("A: one\n");
      anchors.add("*shared-env");
    }
    if (rnd.nextInt(3) == 0) {
      sb.append("x-base: &base\n").append(in).append("restart: always\n");
      if (rnd.nextBoolean()) {
        sb.append(in).append(rnd.nextBoolean() ? "environment: &base-env\n" : "environment:\n")
            .append(in2).append("BASE: b\n");
      }
    }
    sb.append("services:").append(comment()).append('\n');
    for (int i = 0; i < services; i++) {
      service(sb, "s" + i);
    }
    if (rnd.nextInt(4) == 0) {
      sb.append("networks:\n").append(in).append("default: {}\n");
    }
    String text = sb.toString();
    if (rnd.nextInt(4) == 0) {
      text = text.replace("\n", "\r\n");
    }
    if (rnd.nextInt(8) == 0) {
      text = "\uFEFF" + text;
    }
    if (rnd.nextInt(6) == 0) {
      text = text.stripTrailing();
    }
    return text;
  }

  private String comment() {
    return switch (rnd.nextInt(6)) {
      case 0 -> " # note";
      case 1 -> "   #\ttabbed comment  ";
      default -> "";
    };
  }

  private void blank(StringBuilder sb, String indent) {
    switch (rnd.nextInt(8)) {
      case 0 -> sb.append('\n');
      case 1 -> sb.append(indent).append("# a comment line\n");
      case 2 -> sb.append("  \n");
      default -> {}
    }
  }

  private void service(StringBuilder sb, String name) {
    String k = in;
    String kk = in2;
    String k3 = in2 + in;
    blank(sb, k);
    sb.append(k).append(name).append(':').append(comment()).append('\n');
    if (rnd.nextInt(4) == 0 && sb.indexOf("&base") >= 0) {
      sb.append(kk).append("<<: *base\n");
    }
    sb.append(kk).append("image: ").append(rnd.nextBoolean() ? "securing-ai/tensorflow2-cpu:latest" : "redis:7")
        .append(comment()).append('\n');
    blank(sb, kk);
    String dash = seqIndent ? k3 + "- " : kk + "- ";
    int form = rnd.nextInt(11);
    switch (form) {
      case 0 -> {} // absent
      case 1 -> sb.append(kk).append("environment:").append(comment()).append('\n');
      case 2, 3 -> {
        sb.append(kk).append("environment:");
        if (rnd.nextInt(3) == 0) {
          // An anchored environment that later services may alias.
          sb.append(" &env-").append(name);
          anchors.add("*env-" + name);
        }
        sb.append(comment()).append('\n');
        int n = 1 + rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
          blank(sb, k3);
          String nm = pick(NAMES) + (rnd.nextBoolean() ? "" : "_" + i);
          if (sb.indexOf(k3 + nm + ":", sb.lastIndexOf("environment:")) >= 0) {
            continue;
          }
          sb.append(k3).append(nm).append(':');
          switch (rnd.nextInt(5)) {
            case 0 -> sb.append(comment());
            case 1 -> sb.append(" \"").append(i).append('"').append(comment());
            case 2 -> sb.append(" '").append(i).append("'").append(comment());
            // A block scalar: what follows on its lines is content, not a comment.
            case 3 -> sb.append(" |\n").append(k3).append(in).append("line ").append(i);
            default -> sb.append(" value").append(i).append(comment());
          }
          sb.append('\n');
        }
        if (rnd.nextInt(3) == 0 && sb.indexOf("&shared-env") >= 0) {
          sb.append(k3).append("<<: *shared-env\n");
        }
      }
      case 4, 5 -> {
        sb.append(kk).append("environment:").append(comment()).append('\n');
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
          blank(sb, dash.replace("- ", ""));
          String nm = pick(NAMES);
          String item = rnd.nextInt(4) == 0 ? nm : nm + "=x" + i;
          switch (rnd.nextInt(3)) {
            case 0 -> sb.append(dash).append('"').append(item).append('"');
            case 1 -> sb.append(dash).append('\'').append(item).append('\'');
            default -> sb.append(dash).append(item);
          }
          sb.append(comment()).append('\n');
        }
      }
      case 6 -> sb.append(kk).append("environment: {").append(rnd.nextBoolean() ? "A: 1, ZZ: \"z\"" : "")
          .append("}").append(comment()).append('\n');
      case 7 -> sb.append(kk).append("environment: [").append(rnd.nextBoolean() ? "A=1, \"ZZ=z\"" : "")
          .append("]").append(comment()).append('\n');
      case 8 -> {
        if (!anchors.isEmpty()) {
          sb.append(kk).append("environment: ").append(anchors.get(rnd.nextInt(anchors.size())))
              .append('\n');
        }
      }
      case 9 -> sb.append(kk).append("environment: ~\n");
      default -> {
        sb.append(kk).append("command: [\"run\", \"tensorflow_cpu\"]\n");
      }
    }
    blank(sb, kk);
    if (rnd.nextBoolean()) {
      sb.append(kk).append("ports:\n").append(dash).append("\"80:80\"\n");
    }
    if (rnd.nextInt(3) == 0) {
      sb.append(kk).append("entrypoint: >\n").append(k3).append("run it\n");
      if (rnd.nextBoolean()) {
        sb.append('\n');
      }
    }
  }

  List<String> pickServices(List<String> names) {
    List<String> out = new ArrayList<>();
    for (String n : names) {
      if (rnd.nextBoolean()) {
        out.add(n);
      }
    }
    return out;
  }

  java.util.Map<String, String> vars() {
    java.util.Map<String, String> vars = new java.util.LinkedHashMap<>();
    int n = 1 + rnd.nextInt(2);
    for (int i = 0; i < n; i++) {
      vars.put(pick(NAMES), pick(VALUES));
    }
    return vars;
  }

  Random random() {
    return rnd;
  }
}
