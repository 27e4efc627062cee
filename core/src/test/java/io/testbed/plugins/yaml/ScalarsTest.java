package io.testbed.plugins.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.schema.CoreSchema;

class ScalarsTest {
  private static final Load LOAD =
      new Load(LoadSettings.builder().setSchema(new CoreSchema()).build());

  @ParameterizedTest
  @ValueSource(strings = {
    "s3://plugins/securingai_builtins", "yes", "No", "on", "OFF", "y", "true", "null", "~", "",
    "123", "0x1F", "1e3", ".inf", "1:20", "2001-12-14", "a: b", "x #y", "#x", "-", "- a", "?q",
    ":x", "a:", "'quoted'", "\"dq\"", "*alias", "&anchor", "!tag", "%pct", "@at", "`bt", "[a]",
    "{b}", "a,b", " lead", "trail ", "tab\there", "line\nbreak", "caf\u00e9 \ud83d\ude80", "back\\slash",
    "<<", "=", "$$HOME", "a=b"
  })
  void renderedValuesReadBackAsTheSameStringInEveryStyleAndContext(String value) {
    for (YNode.Style style : List.of(YNode.Style.PLAIN, YNode.Style.SINGLE, YNode.Style.DOUBLE)) {
      String block = "k: " + Scalars.render(value, style, false) + "\n";
      String flow = "{k: " + Scalars.render(value, style, true) + "}\n";
      String item = "[" + Scalars.render(value, style, true) + "]\n";
      assertThat(((Map<?, ?>) LOAD.loadFromString(block)).get("k")).as(block).isEqualTo(value);
      assertThat(((Map<?, ?>) LOAD.loadFromString(flow)).get("k")).as(flow).isEqualTo(value);
      assertThat(((List<?>) LOAD.loadFromString(item)).get(0)).as(item).isEqualTo(value);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "no", "on", "off", "Y", "n", "True", "NULL", "~", "12", "1.5"})
  void wordsYaml11ReadsAsBooleansNullsOrNumbersAreQuoted(String value) {
    assertThat(Scalars.plainOk(value, false)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"cost $5", "${HOME}", "$$"})
  void dollarsAreDoubledForCompose(String value) {
    assertThat(Scalars.escapeDollars(value)).isEqualTo(value.replace("$", "$$"));
  }
}
