package io.testbed.plugins.compose.edit;

import static org.assertj.core.api.Assertions.assertThat;

import io.testbed.plugins.compose.DotEnv;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden cases for env file edits in {@code envfile/golden/}: {@code NAME.input.env}, the
 * variables to set in {@code NAME.set} (one {@code NAME=VALUE} a line) and {@code
 * NAME.expected.env}, byte for byte.
 */
class EnvFileEditGoldenTest {

  static Stream<String> cases() throws IOException, URISyntaxException {
    try (Stream<Path> files = Files.list(dir())) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".input.env"))
          .map(n -> n.replace(".input.env", ""))
          .sorted().toList().stream();
    }
  }

  static Path dir() throws URISyntaxException {
    return Path.of(EnvFileEditGoldenTest.class.getResource("/envfile/golden").toURI());
  }

  private static String read(String name) throws Exception {
    return Files.readString(dir().resolve(name), StandardCharsets.UTF_8);
  }

  private static Map<String, String> vars(String name) throws Exception {
    Map<String, String> vars = new LinkedHashMap<>();
    for (String line : Files.readAllLines(dir().resolve(name + ".set"), StandardCharsets.UTF_8)) {
      int eq = line.indexOf('=');
      vars.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return vars;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void editIsExactlyTheExpectedText(String name) throws Exception {
    DotEnv input = DotEnv.parse(name, read(name + ".input.env"));
    assertThat(EnvFileEdit.plan(input, vars(name))).isEqualTo(read(name + ".expected.env"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyValueReadsBackLiterally(String name) throws Exception {
    DotEnv expected = DotEnv.parse(name, read(name + ".expected.env"));
    Map<String, String> values = expected.values(n -> Optional.empty());
    vars(name).forEach((k, v) -> assertThat(values).containsEntry(k, v));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void settingTheSameValuesAgainChangesNothing(String name) throws Exception {
    String expected = read(name + ".expected.env");
    assertThat(EnvFileEdit.plan(DotEnv.parse(name, expected), vars(name))).isEqualTo(expected);
  }
}
