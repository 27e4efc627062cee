package io.testbed.plugins.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DotEnvTest {
  private static Map<String, String> values(String text, Map<String, String> env) {
    return DotEnv.parse(".env", text).values(name -> Optional.ofNullable(env.get(name)));
  }

  @Test
  void unquotedValuesLoseInlineCommentsAndTrailingBlanks() {
    assertThat(values("A=one # a comment\nB=two#three\nC=  spaced out  \n", Map.of()))
        .containsExactly(Map.entry("A", "one"), Map.entry("B", "two#three"),
            Map.entry("C", "spaced out"));
  }

  @Test
  void commentsBlankLinesExportAndYamlStyleSeparatorsAreUnderstood() {
    assertThat(values("# top\n\nexport A=1\n  B: 2\nexport\tC = 3\n", Map.of()))
        .containsExactly(Map.entry("A", "1"), Map.entry("B", "2"), Map.entry("C", "3"));
    assertThat(DotEnv.parse(".env", "export A=1\n").entries().get(0).exported()).isTrue();
  }

  @Test
  void doubleQuotesKnowEscapesAndInterpolateWhileSingleQuotesAreLiteral() {
    Map<String, String> v = values(
        "H=minio\nD=\"a\\nb \\\"q\\\" ${H} \\$H\"\nS='${H} \\n $$'\nU=${H}:$$9\n", Map.of());
    assertThat(v.get("D")).isEqualTo("a\nb \"q\" minio $H");
    assertThat(v.get("S")).isEqualTo("${H} \\n $$");
    assertThat(v.get("U")).isEqualTo("minio:$9");
  }

  @Test
  void quotedValuesMaySpanLines() {
    assertThat(values("K=\"line1\nline2\"\nN=2\n", Map.of()))
        .containsExactly(Map.entry("K", "line1\nline2"), Map.entry("N", "2"));
  }

  @Test
  void theEnvironmentWinsOverEarlierEntriesAndAKeyAloneComesFromIt() {
    Map<String, String> v = values("H=file\nURL=http://${H}\nALONE\nMISSING\n",
        Map.of("H", "env", "ALONE", "from-env"));
    assertThat(v).containsEntry("URL", "http://env").containsEntry("ALONE", "from-env")
        .doesNotContainKey("MISSING");
  }

  @Test
  void crlfLineEndsAreNotPartOfValues() {
    assertThat(values("A=1\r\nB=\"2\"\r\nC='3'\r\n", Map.of()))
        .containsExactly(Map.entry("A", "1"), Map.entry("B", "2"), Map.entry("C", "3"));
  }

  @Test
  void entriesKeepTheirPlaceForMessagesAndEdits() {
    DotEnv d = DotEnv.parse("x.env", "# c\nA=1\n  B = \"two\" # c\n");
    DotEnv.Entry b = d.entry("B").orElseThrow();
    assertThat(d.place(b.keyStart())).hasToString("x.env:3:3");
    assertThat(d.text().substring(b.valueStart(), b.valueEnd())).isEqualTo("\"two\"");
    assertThat(b.quote()).isEqualTo('"');
  }

  @Test
  void theLastDefinitionCounts() {
    DotEnv d = DotEnv.parse(".env", "A=1\nA=2\n");
    assertThat(d.entry("A").orElseThrow().literal()).isEqualTo("2");
    assertThat(d.values(n -> Optional.empty())).containsEntry("A", "2");
  }

  @Test
  void linesComposeRejectsAreErrorsWithFileLineAndColumn() {
    assertThatThrownBy(() -> DotEnv.parse(".env", "A=1\nBAD KEY!=2\n"))
        .isInstanceOf(ComposeException.class)
        .hasMessageStartingWith(".env:2:8: unexpected character '!' in a variable name")
        .hasMessageContaining("^");
    assertThatThrownBy(() -> DotEnv.parse(".env", "A=1\nB=\"open\n"))
        .hasMessageStartingWith(".env:2:3: the quoted value of B is not closed");
    assertThatThrownBy(() -> DotEnv.parse(".env", "=x\n"))
        .hasMessageStartingWith(".env:1:1: a line with no variable name");
  }

  @Test
  void aRequiredVariableWithoutValueIsReportedAtItsEntry() {
    DotEnv d = DotEnv.parse(".env", "A=1\nB=${NOPE:?set it}\n");
    assertThatThrownBy(() -> d.values(n -> Optional.empty()))
        .isInstanceOf(ComposeException.class)
        .hasMessageStartingWith(".env:2:3: required variable NOPE is missing a value: set it");
  }
}
