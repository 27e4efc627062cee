package io.testbed.plugins.configure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.testbed.plugins.compose.ComposeFile;
import io.testbed.plugins.compose.edit.ComposeWriter;
import io.testbed.plugins.compose.edit.EnvEdit;
import io.testbed.plugins.s3.BucketPlan;
import io.testbed.plugins.s3.RemoteTree;
import io.testbed.plugins.s3.S3Location;
import io.testbed.plugins.s3.S3Session;
import io.testbed.plugins.s3.S3Settings;
import io.testbed.plugins.testing.EmbeddedS3;
import io.testbed.plugins.testing.EmbeddedS3Extension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The library's one-call API: plan reads only; apply creates, syncs, then writes the compose file. */
@ExtendWith(EmbeddedS3Extension.class)
class ConfiguratorTest {
  static final String COMPOSE =
      """
      services:
        restapi:
          image: securing-ai/restapi:latest
          environment:
            AI_RESTAPI_ENV: prod
        tfcpu-01:
          image: securing-ai/tensorflow2-cpu:latest
          environment:
            AI_RESTAPI_ENV: prod
        pytorchgpu-01:
          image: registry.local:5000/dioptra/pytorch-gpu@sha256:0123
          environment:
            - AI_RESTAPI_ENV=prod
      """;

  @TempDir Path tmp;
  S3Session session;
  Path compose;
  Path plugins;
  String bucket;

  @BeforeEach
  void setUp(EmbeddedS3 s3) throws IOException {
    session =
        S3Session.open(
            S3Settings.builder().endpoint(s3.endpoint()).credentials(s3.accessKey(), s3.secretKey()).build());
    compose = tmp.resolve("docker-compose.yml");
    Files.writeString(compose, COMPOSE);
    plugins = Files.createDirectories(tmp.resolve("plugins/pkg"));
    Files.writeString(plugins.resolve("__init__.py"), "");
    Files.writeString(plugins.resolve("tasks.py"), "def task():\n    return 1\n");
    plugins = plugins.getParent();
    bucket = "cfg-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void closeSession() {
    session.close();
  }

  ConfigureRequest request() {
    return ConfigureRequest.builder()
        .composeFile(compose)
        .collection(new PluginCollection(plugins, S3Location.parse("s3://" + bucket + "/builtins/"), "AI_PLUGINS_S3_URI"))
        .build();
  }

  @Test
  void planWritesNothingAndApplyCreatesSyncsAndSetsTheWorkers() throws IOException {
    DeploymentPlan plan = Configurator.plan(session, request());

    assertThat(plan.workers()).containsExactly("tfcpu-01", "pytorchgpu-01");
    assertThat(plan.buckets()).extracting(BucketPlan::action).containsExactly(BucketPlan.Action.CREATE);
    assertThat(plan.syncs().get(0).added()).hasSize(2);
    assertThat(plan.upToDate()).isFalse();
    assertThat(plan.drift()).hasSize(4);
    assertThat(Files.readString(compose)).isEqualTo(COMPOSE);

    ConfigureResult result = Configurator.apply(session, plan);

    assertThat(result.ok()).isTrue();
    assertThat(result.bucketsCreated()).containsExactly(bucket);
    assertThat(result.composeWritten()).isTrue();
    ComposeFile written = ComposeFile.read(compose);
    assertThat(written.envValue("tfcpu-01", "AI_PLUGINS_S3_URI")).contains("s3://" + bucket + "/builtins");
    assertThat(written.envValue("pytorchgpu-01", "AI_PLUGINS_S3_URI")).contains("s3://" + bucket + "/builtins");
    assertThat(written.envValue("restapi", "AI_PLUGINS_S3_URI")).isEmpty();
    assertThat(RemoteTree.list(session, S3Location.parse("s3://" + bucket + "/builtins")).objects()).hasSize(2);
    assertThat(Configurator.plan(session, request()).upToDate()).isTrue();
  }

  @Test
  void aComposeEditByAnotherRunAfterPlanningIsKeptNotOverwritten() throws IOException {
    DeploymentPlan plan = Configurator.plan(session, request());
    ComposeFile meanwhile = ComposeFile.read(compose);
    ComposeWriter.write(EnvEdit.plan(meanwhile, List.of("restapi"), Map.of("OTHER", "kept")), false);

    ConfigureResult result = Configurator.apply(session, plan);

    assertThat(result.composeWritten()).isTrue();
    ComposeFile written = ComposeFile.read(compose);
    assertThat(written.envValue("restapi", "OTHER")).contains("kept");
    assertThat(written.envValue("tfcpu-01", "AI_PLUGINS_S3_URI")).contains("s3://" + bucket + "/builtins");
  }

  @Test
  void overlappingLocationsAndRepeatedVariablesAreRefusedBeforeAnyRequest() {
    Path other = plugins;
    ConfigureRequest overlap =
        ConfigureRequest.builder()
            .composeFile(compose)
            .collection(new PluginCollection(plugins, S3Location.parse("s3://" + bucket + "/a"), "A"))
            .collection(new PluginCollection(other, S3Location.parse("s3://" + bucket + "/a/b"), "B"))
            .build();
    assertThatThrownBy(() -> Configurator.plan(session, overlap)).hasMessageContaining("overlap");

    ConfigureRequest sameVar =
        ConfigureRequest.builder()
            .composeFile(compose)
            .collection(new PluginCollection(plugins, S3Location.parse("s3://" + bucket + "/a"), "A"))
            .collection(new PluginCollection(other, S3Location.parse("s3://" + bucket + "/b"), "A"))
            .build();
    assertThatThrownBy(() -> Configurator.plan(session, sameVar)).hasMessageContaining("two collections set A");
  }

  @Test
  void siblingPrefixesInOneBucketDoNotOverlap() {
    ConfigureRequest siblings =
        ConfigureRequest.builder()
            .composeFile(compose)
            .collection(new PluginCollection(plugins, S3Location.parse("s3://" + bucket + "/builtins"), "A"))
            .collection(new PluginCollection(plugins, S3Location.parse("s3://" + bucket + "/builtins-old"), "B"))
            .build();
    assertThat(Configurator.plan(session, siblings).syncs()).hasSize(2);
  }
}
