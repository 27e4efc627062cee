package io.testbed.plugins.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.testbed.plugins.yaml.Source;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposeFileTest {
  @TempDir Path dir;

  private static ComposeException parseError(String text) {
    try {
      ComposeFile.parse("dc.yml", text);
    } catch (ComposeException e) {
      return e;
    }
    throw new AssertionError("no error for " + text);
  }

  @Test
  void malformedYamlIsReportedAtPathLineColumnWithTheSourceLineAndACaret() {
    ComposeException e = parseError("services:\n  a:\n    image: \"unterminated\n  b: {\n");
    assertThat(e.kind()).isEqualTo(ComposeException.Kind.INVALID);
    assertThat(e.getMessage()).startsWith("dc.yml:").contains("malformed YAML");
    assertThat(e.getMessage().lines().toList()).hasSizeGreaterThanOrEqualTo(3);
    assertThat(e.getMessage()).contains("^");
  }

  @Test
  void anUnterminatedQuoteIsReportedWhereItStarts() {
    ComposeException e = parseError("services:\n  a:\n    image: \"x\n");
    assertThat(e.getMessage()).startsWith("dc.yml:3:12: malformed YAML:")
        .contains("a quoted scalar that starts here is never closed");
  }

  @Test
  void caretColumnCountsCodePointsAfterAnEmoji() {
    ComposeException e = parseError("services:\n  a: {x: 🚀🚀, y: [}\n");
    assertThat(e.line()).isEqualTo(2);
    String[] lines = e.getMessage().split("\n");
    assertThat(lines[0]).startsWith("dc.yml:2:" + e.column() + ": ");
    // The caret sits under the character the column names.
    String src = lines[1].substring(4);
    String caret = lines[2].substring(4);
    int cpBefore = src.codePointCount(0, src.offsetByCodePoints(0, e.column() - 1));
    assertThat(caret.length() - 1).isEqualTo(cpBefore);
  }

  @Test
  void duplicateKeysAreAnErrorNamingTheFirstDefinition() {
    ComposeException e = parseError("services:\n  a:\n    image: x\n    image: y\n");
    assertThat(e.getMessage()).startsWith("dc.yml:4:5: duplicate key 'image' (first defined on line 3)");
  }

  @Test
  void aDocumentWithoutServicesIsNotAComposeFile() {
    assertThat(parseError("version: '3'\nnetworks: {}\n").getMessage())
        .startsWith("dc.yml:1:1: not a compose file: no top-level 'services' mapping");
    assertThat(parseError("- a\n- b\n").getMessage()).contains("not a compose file");
    assertThat(parseError("").getMessage()).contains("not a compose file");
    assertThat(parseError("services: [a]\n").getMessage()).contains("'services' must be a mapping");
  }

  @Test
  void moreThanOneDocumentIsAnError() {
    assertThat(parseError("services: {}\n---\nservices: {}\n").getMessage())
        .contains("more than one YAML document");
  }

  @Test
  void aliasBombsAndDeepNestingAreRejectedCleanly() {
    StringBuilder deep = new StringBuilder("services: ");
    deep.append("[".repeat(500)).append("]".repeat(500)).append('\n');
    assertThat(parseError(deep.toString()).getMessage()).contains("nesting deeper");
    assertThat(parseError("services:\n  a: *nope\n").getMessage()).contains("refers to no anchor");
  }

  @Test
  void readsUtf8WithBomAndCrlfAndKeepsTheExactText() throws Exception {
    Path p = dir.resolve("docker-compose.yml");
    byte[] bytes = "\uFEFFservices:\r\n  a:\r\n    environment:\r\n      K: v # ☕\r\n"
        .getBytes(StandardCharsets.UTF_8);
    Files.write(p, bytes);
    ComposeFile f = ComposeFile.read(p);
    assertThat(f.hasBom()).isTrue();
    assertThat(f.lineBreak()).isEqualTo("\r\n");
    assertThat(f.text().getBytes(StandardCharsets.UTF_8)).isEqualTo(bytes);
    assertThat(f.envValue("a", "K")).contains("v");
    assertThat(f.fingerprint()).hasSize(64);
  }

  @Test
  void invalidUtf8IsReportedCleanly() throws Exception {
    Path p = dir.resolve("bad.yml");
    Files.write(p, new byte[] {'s', ':', ' ', (byte) 0xC3, (byte) 0x28});
    assertThatThrownBy(() -> ComposeFile.read(p)).isInstanceOf(ComposeException.class)
        .hasMessageContaining("not UTF-8");
  }

  @Test
  void envValueFollowsMergeKeysAndAliases() {
    ComposeFile f = ComposeFile.parse("dc.yml", "x-env: &e\n  A: 1\nx-base: &b\n  environment:\n"
        + "    <<: *e\n    B: 2\nservices:\n  s:\n    <<: *b\n  t:\n    environment: *e\n");
    assertThat(f.envValue("s", "A")).contains("1");
    assertThat(f.envValue("s", "B")).contains("2");
    assertThat(f.envValue("t", "A")).contains("1");
    assertThat(f.envValue("t", "B")).isEmpty();
  }

  @Test
  void discoverPrefersComposeFileThenTheDefaultNamesInOrder() throws Exception {
    assertThatThrownBy(() -> ComposeFile.discover(dir, Map.of()))
        .isInstanceOf(ComposeException.class).hasMessageContaining("no compose file here");
    Files.writeString(dir.resolve("docker-compose.yml"), "services: {}\n");
    assertThat(ComposeFile.discover(dir, Map.of())).isEqualTo(dir.resolve("docker-compose.yml"));
    Files.writeString(dir.resolve("compose.yaml"), "services: {}\n");
    assertThat(ComposeFile.discover(dir, Map.of())).isEqualTo(dir.resolve("compose.yaml"));
    Files.writeString(dir.resolve("other.yml"), "services: {}\n");
    assertThat(ComposeFile.discover(dir,
        Map.of("COMPOSE_FILE", "other.yml" + java.io.File.pathSeparator + "compose.yaml")))
        .isEqualTo(dir.resolve("other.yml"));
    assertThat(ComposeFile.discover(dir,
        Map.of("COMPOSE_FILE", "other.yml;x.yml", "COMPOSE_PATH_SEPARATOR", ";")))
        .isEqualTo(dir.resolve("other.yml"));
  }

  @Test
  void aLongLineIsCutAroundTheColumnInTheMessageAndTheCaretStaysUnderTheCharacter() {
    String value = "x".repeat(100_000) + "\u007f" + "y".repeat(100_000);
    ComposeException e = parseError("services:\n  a:\n    image: " + value + "\n");
    assertThat(e.line()).isEqualTo(3);
    assertThat(e.column()).isEqualTo(100_012);
    List<String> lines = e.getMessage().lines().toList();
    String shown = lines.get(1).substring(4);
    String caret = lines.get(2).substring(4);
    assertThat(shown).startsWith("…x").endsWith("y…").hasSizeLessThanOrEqualTo(Source.SNIPPET_WIDTH + 2);
    assertThat(shown.charAt(caret.length() - 1)).isEqualTo('\uFFFD');
    assertThat(caret.strip()).isEqualTo("^");
  }
}
