package io.testbed.plugins.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContentTypesTest {
  @Test
  void contentTypesByExtension() {
    assertThat(ContentTypes.of("a/b.py")).isEqualTo("text/x-python");
    assertThat(ContentTypes.of("a/b.YAML")).isEqualTo("application/yaml");
    assertThat(ContentTypes.of("a.b/noext")).isEqualTo("application/octet-stream");
    assertThat(ContentTypes.of(".bashrc")).isEqualTo("application/octet-stream");
  }
}
