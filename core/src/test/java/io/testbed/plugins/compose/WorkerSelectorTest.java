package io.testbed.plugins.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerSelectorTest {
  static final ComposeFile FILE = ComposeFile.parse("dc.yml", """
      services:
        a:
          image: registry.example.com:5000/dioptra/tensorflow2-gpu:1.0@sha256:abc
        b:
          image: ${REG}/pytorch-cpu:${TAG:-latest}
        c:
          image: python:3.11
          command: ["--wait-for", "redis:6379", "pytorch_gpu"]
        d:
          image: busybox
          entrypoint: run --queues tensorflow_cpu,other
        redis:
          image: redis:7
        my-restapi:
          image: securing-ai/restapi
          command: tensorflow_cpu
        e:
          image: securing-ai/tensorflow2-cpu-extra:latest
      """);

  @Test
  void defaultRuleMatchesWorkerImagesAnyRegistryTagOrDigestAndWorkerQueues() {
    List<ServiceChoice> c = WorkerSelector.select(FILE, WorkerSelection.defaults());
    assertThat(WorkerSelector.workers(c)).containsExactly("a", "b", "c", "d");
    assertThat(c.get(2).reason()).contains("command names worker queue pytorch_gpu");
    assertThat(c.get(5).reason()).contains("infrastructure");
    assertThat(c.get(6).worker()).isFalse();
  }

  @Test
  void overridesSelectNamedAllOrPatternAndExclude() {
    assertThat(WorkerSelector.workers(WorkerSelector.select(FILE,
        WorkerSelection.services(List.of("redis", "e"))))).containsExactly("redis", "e");
    assertThat(WorkerSelector.workers(WorkerSelector.select(FILE,
        WorkerSelection.allServices().excludeServices(List.of("redis"))))).hasSize(6);
    assertThat(WorkerSelector.workers(WorkerSelector.select(FILE,
        WorkerSelection.imagePatterns(List.of("securing-ai/*"))))).containsExactly("my-restapi", "e");
    assertThat(WorkerSelector.workers(WorkerSelector.select(FILE,
        WorkerSelection.defaults().excludeServices(List.of("a"))))).containsExactly("b", "c", "d");
  }

  @Test
  void unknownServiceNameIsAnErrorListingTheKnownServices() {
    assertThatThrownBy(() -> WorkerSelector.select(FILE, WorkerSelection.services(List.of("zz"))))
        .isInstanceOf(ComposeException.class)
        .hasMessageContaining("no service named 'zz'")
        .hasMessageContaining("Known services: a, b, c, d, redis, my-restapi, e");
  }

  @Test
  @org.junit.jupiter.api.Timeout(10)
  void imagePatternsMatchLikeShellGlobsInTimeLinearInTheImage() {
    assertThat(WorkerSelector.globMatches("securing-ai/*", "securing-ai/x:1")).isTrue();
    assertThat(WorkerSelector.globMatches("*/tensorflow2-?pu:*", "r/a/tensorflow2-gpu:1")).isTrue();
    assertThat(WorkerSelector.globMatches("*-cpu", "pytorch-cpu:1")).isFalse();
    assertThat(WorkerSelector.globMatches("a*b*c", "abxbxc")).isTrue();
    assertThat(WorkerSelector.globMatches("a*b*c", "abxbx")).isFalse();
    assertThat(WorkerSelector.globMatches("**", "")).isTrue();
    assertThat(WorkerSelector.globMatches("?", "")).isFalse();
    assertThat(WorkerSelector.globMatches("a.b", "axb")).as("no regular expression").isFalse();
    String image = "a".repeat(200_000);
    assertThat(WorkerSelector.globMatches("*a*a*a*a*a*a*a*a*a*a*b", image)).isFalse();
  }
}
