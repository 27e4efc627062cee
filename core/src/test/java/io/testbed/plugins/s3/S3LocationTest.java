package io.testbed.plugins.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class S3LocationTest {
  @ParameterizedTest
  @CsvSource({
    "s3://plugins, plugins, ''",
    "s3://plugins/, plugins, ''",
    "plugins, plugins, ''",
    "s3://plugins/builtins, plugins, builtins/",
    "s3://plugins/builtins///, plugins, builtins/",
    "S3://plugins//a//b/, plugins, a/b/",
  })
  void parsesAndNormalisesTrailingSlashes(String uri, String bucket, String prefix) {
    S3Location loc = S3Location.parse(uri);
    assertThat(loc.bucket()).isEqualTo(bucket);
    assertThat(loc.prefix()).isEqualTo(prefix);
    assertThat(loc.toString()).isEqualTo("s3://" + bucket + "/" + prefix);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "s3://ab", "s3://Plugins", "s3://my_bucket", "s3://-plugins", "s3://plugins-",
        "s3://a..b", "s3://192.168.0.1", "s3://xn--plugins", ""
      })
  void rejectsInvalidBucketNamesWithTheRules(String uri) {
    assertThatThrownBy(() -> S3Location.parse(uri))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining(uri.isEmpty() ? "missing S3 location" : "invalid bucket name");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://plugins/x", "gs://plugins/x"})
  void rejectsOtherSchemes(String uri) {
    assertThatThrownBy(() -> S3Location.parse(uri)).hasMessageContaining("not an S3 location");
  }
}
