package io.testbed.plugins.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.testbed.plugins.compose.ServiceNetwork.PortMapping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceNetworkTest {
  @TempDir Path tmp;

  private ServiceNetwork network(String dirName, String compose, Map<String, String> env)
      throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(dirName));
    Path file = Files.writeString(dir.resolve("docker-compose.yml"), compose);
    return ServiceNetwork.of(ComposeProject.load(file, env));
  }

  private static OptionalInt publishedFor(List<PortMapping> ports, int target) {
    return ports.stream().map(p -> p.publishedFor(target)).filter(OptionalInt::isPresent)
        .findFirst().orElse(OptionalInt.empty());
  }

  @Test
  void everyShortAndLongPortFormGivesThePublishedPort() throws IOException {
    ServiceNetwork net = network("lab", """
        services:
          same:    {image: m, ports: ["9000:9000"]}
          ip:      {image: m, ports: ["127.0.0.1:39000:9000"]}
          proto:   {image: m, ports: ["39000:9000/tcp"]}
          udp:     {image: m, ports: ["39000:9000/udp"]}
          range:   {image: m, ports: ["39000-39001:9000-9001"]}
          ipv6:    {image: m, ports: ["[::1]:39000:9000"]}
          plain:   {image: m, ports: [9000]}
          any:     {image: m, ports: ["39000-39010:9000"]}
          var:     {image: m, ports: ["${MINIO_PORT:-1}:9000"]}
          long:
            image: m
            ports:
              - target: 9000
                published: "39000"
                host_ip: 127.0.0.1
                protocol: tcp
        """, Map.of("MINIO_PORT", "41000"));
    assertThat(publishedFor(net.ports("same"), 9000)).hasValue(9000);
    assertThat(net.ports("ip").get(0).hostIp()).isEqualTo("127.0.0.1");
    assertThat(publishedFor(net.ports("ip"), 9000)).hasValue(39000);
    assertThat(publishedFor(net.ports("proto"), 9000)).hasValue(39000);
    assertThat(publishedFor(net.ports("udp"), 9000)).isEmpty();
    assertThat(publishedFor(net.ports("range"), 9001)).hasValue(39001);
    assertThat(net.ports("ipv6").get(0).hostIp()).isEqualTo("::1");
    assertThat(publishedFor(net.ports("plain"), 9000)).as("compose picks the host port").isEmpty();
    assertThat(publishedFor(net.ports("any"), 9000)).as("any port of a range").isEmpty();
    assertThat(publishedFor(net.ports("var"), 9000)).hasValue(41000);
    PortMapping longForm = net.ports("long").get(0);
    assertThat(longForm.hostIp()).isEqualTo("127.0.0.1");
    assertThat(longForm.publishedFor(9000)).hasValue(39000);
    assertThat(longForm.place().line()).isEqualTo(14);
  }

  @Test
  void aPortThatIsNotAMappingIsReportedWhereItIsWritten() throws IOException {
    ServiceNetwork net = network("lab", """
        services:
          minio:
            image: m
            ports:
              - "90a0:9000"
        """, Map.of());
    assertThatThrownBy(() -> net.ports("minio"))
        .isInstanceOf(ComposeException.class)
        .hasMessageContaining("docker-compose.yml:5:9: not a port mapping");
  }

  @Test
  void servicesAnswerToTheirKeyHostnameContainerNameAndAliases() throws IOException {
    ServiceNetwork net = network("lab", """
        services:
          minio:
            image: m
            hostname: s3
            container_name: lab-minio
            networks:
              back:
                aliases: [objects]
          web:
            image: w
            networks: [back, front]
        networks:
          back: {}
          front:
            name: shared-front
        """, Map.of());
    for (String host : List.of("minio", "s3", "lab-minio", "objects")) {
      assertThat(net.servicesNamed(host)).extracting(ServiceNetwork.Service::name)
          .as(host).containsExactly("minio");
    }
    assertThat(net.servicesNamed("web")).hasSize(1);
    assertThat(net.servicesNamed("nothing")).isEmpty();
    assertThat(net.service("web").networks()).extracting(ServiceNetwork.Attachment::name)
        .containsExactly("lab_back", "shared-front");
    assertThat(net.service("minio").networks().get(0).aliases()).containsExactly("objects");
  }

  @Test
  void theProjectNameFollowsComposeRules() throws IOException {
    String withName = "name: My.Lab\nservices: {a: {image: x}}\n";
    assertThat(network("Lab_Deployment", "services: {a: {image: x}}\n", Map.of()).projectName())
        .isEqualTo("lab_deployment");
    assertThat(network("d1", withName, Map.of()).projectName()).isEqualTo("mylab");
    assertThat(network("d2", withName, Map.of("COMPOSE_PROJECT_NAME", "from-env")).projectName())
        .isEqualTo("from-env");
    assertThat(network("d3", "services: {a: {image: x}}\n", Map.of()).service("a").networks())
        .extracting(ServiceNetwork.Attachment::name).containsExactly("d3_default");
  }

  @Test
  void aSecretSeenAtRunSecretsMapsToItsHostFile() throws IOException {
    ServiceNetwork net = network("lab", """
        services:
          minio:
            image: m
            secrets:
              - minio_user
              - source: minio_password
                target: root_password
        secrets:
          minio_user:
            file: ./secrets/user.txt
          minio_password:
            file: ./secrets/password.txt
        """, Map.of());
    assertThat(net.secretFile("minio", "/run/secrets/root_password").orElseThrow().file())
        .isEqualTo(tmp.resolve("lab/secrets/password.txt"));
    assertThat(net.secretFile("minio", "minio_user").orElseThrow().file())
        .isEqualTo(tmp.resolve("lab/secrets/user.txt"));
    assertThat(net.secretFile("minio", "/run/secrets/other")).isEmpty();
  }
}
